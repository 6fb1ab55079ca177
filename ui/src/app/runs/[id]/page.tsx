'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MessageSquare, Square } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorAlert, Loading, Page, PageHeader, StatusBadge } from '@/components/ui';
import { api } from '@/lib/api';
import { durationBetween, formatDateTime, formatDuration, formatNumber, prettyJson, shortId } from '@/lib/format';
import { isSettled, totalUsage, type RawEvent } from '@/lib/stream/reducer';
import { useRunStream } from '@/lib/stream/useRunStream';
import { buildTimeline } from '@/lib/timeline';
import { ACTIVE_RUN_STATUSES } from '@/lib/types';
import styles from '../runs.module.css';

const RAW_PAGE = 300;

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className={styles.field}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function summarise(raw: RawEvent): string {
  const event = raw.event as Record<string, unknown>;
  switch (raw.event.type) {
    case 'TEXT_MESSAGE_CONTENT':
    case 'TOOL_CALL_ARGS':
      return JSON.stringify(event.delta);
    case 'STEP_STARTED':
    case 'STEP_FINISHED':
      return String(event.stepName);
    case 'TOOL_CALL_START':
      return `${String(event.toolCallName)} (${String(event.toolCallId)})`;
    case 'TOOL_CALL_RESULT':
      return String(event.content).slice(0, 120);
    case 'RUN_ERROR':
      return `${String(event.message)}${event.code ? ` [${String(event.code)}]` : ''}`;
    case 'RUN_FINISHED':
      return event.outcome ? JSON.stringify(event.outcome).slice(0, 120) : 'success';
    case 'CUSTOM':
      return `${String(event.name)} ${JSON.stringify(event.value)}`;
    default:
      return '';
  }
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export default function RunPage() {
  const { id } = useParams<{ id: string }>();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: ({ signal }) => api.getRun(id, signal),
    refetchInterval: query => (query.state.data && ACTIVE_RUN_STATUSES.includes(query.state.data.status) ? 2_000 : false),
  });
  const agent = useQuery({ queryKey: ['agent', run.data?.agent_id], queryFn: ({ signal }) => api.getAgent(run.data!.agent_id, signal), enabled: Boolean(run.data) });
  const onSettled = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['run', id] }), [queryClient, id]);
  const stream = useRunStream(id, { keepRaw: true, onSettled });
  const { state, resume } = stream;
  const live = !isSettled(state) && state.status !== 'idle';
  const now = useNow(live);
  const timeline = useMemo(() => buildTimeline(state, now), [state, now]);

  // A paused run that someone resumed: follow it again.
  const serverStatus = run.data?.status;
  useEffect(() => {
    if (state.status === 'waiting' && serverStatus && serverStatus !== 'waiting') resume();
  }, [state.status, serverStatus, resume]);

  const cancel = useMutation({ mutationFn: () => api.cancelRun(id), onSettled: () => queryClient.invalidateQueries({ queryKey: ['run', id] }) });

  const [typeFilter, setTypeFilter] = useState('');
  const [hideDeltas, setHideDeltas] = useState(false);
  const [rawLimit, setRawLimit] = useState(RAW_PAGE);
  const raw = useMemo(() => state.raw ?? [], [state.raw]);
  const types = useMemo(() => [...new Set(raw.map(event => event.event.type))].sort(), [raw]);
  const filteredRaw = raw.filter(
    event => (!typeFilter || event.event.type === typeFilter) && !(hideDeltas && (event.event.type === 'TEXT_MESSAGE_CONTENT' || event.event.type === 'TOOL_CALL_ARGS')),
  );
  const origin = timeline.originMs ?? raw[0]?.event.timestamp;

  const data = run.data;
  const active = data ? ACTIVE_RUN_STATUSES.includes(data.status) : false;
  const status = data ? (active && isSettled(state) && state.status !== 'waiting' ? state.status : data.status) : undefined;
  const streamUsage = totalUsage(state);
  const elapsed = data?.started_at ? (data.finished_at ? durationBetween(data.started_at, data.finished_at) : now - Date.parse(data.started_at)) : undefined;

  return (
    <Page wide>
      <PageHeader
        back={<Link href="/runs">← Runs</Link>}
        title={
          <span className="row" style={{ gap: 10 }}>
            Run <span className="mono" title={id}>{shortId(id)}</span>
            {status ? <StatusBadge status={status} /> : null}
          </span>
        }
        actions={
          data ? (
            <>
              <Link href={`/chat?agent=${data.agent_id}&thread=${data.thread_id}`} className="btn">
                <MessageSquare size={15} /> Open in chat
              </Link>
              {active ? (
                <button className="btn btn-danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || data.cancel_requested}>
                  <Square size={13} fill="currentColor" /> {data.cancel_requested ? 'Stopping…' : 'Cancel run'}
                </button>
              ) : null}
            </>
          ) : null
        }
      />
      <ErrorAlert error={run.error ?? cancel.error} />
      {run.isPending ? <Loading rows={4} /> : null}
      {data ? (
        <>
          <section className="card">
            <dl className={styles.summary}>
              <Field label="Status" testId="run-status">
                <StatusBadge status={status ?? data.status} />
              </Field>
              <Field label="Agent">{agent.data ? <Link href={`/agents/${data.agent_id}`}>{agent.data.name}</Link> : <span className="mono">{shortId(data.agent_id)}</span>}</Field>
              <Field label="Thread">
                <Link href={`/threads/${data.thread_id}`} className="mono">
                  {shortId(data.thread_id)}
                </Link>
              </Field>
              <Field label="Attempt" testId="run-attempt">
                <span title="How many times the run was taken up to execute: more than once after a restart or a pause for approval">{data.attempt}</span>
              </Field>
              <Field label="Created">{formatDateTime(data.created_at)}</Field>
              <Field label="Started">{formatDateTime(data.started_at)}</Field>
              <Field label="Finished">{formatDateTime(data.finished_at)}</Field>
              <Field label="Queued for">{formatDuration(durationBetween(data.created_at, data.started_at))}</Field>
              <Field label="Duration" testId="run-duration">{formatDuration(elapsed)}</Field>
              <Field label="Input tokens">{formatNumber(Math.max(data.usage.input_tokens, streamUsage.inputTokens))}</Field>
              <Field label="Output tokens">{formatNumber(Math.max(data.usage.output_tokens, streamUsage.outputTokens))}</Field>
              <Field label="Total tokens" testId="run-tokens">{formatNumber(Math.max(data.usage.total_tokens, streamUsage.totalTokens))}</Field>
            </dl>
            {data.error || state.error ? (
              <div className="card-body" style={{ paddingTop: 0 }}>
                <div className={`alert ${state.status === 'cancelled' || data.status === 'cancelled' ? 'alert-warning' : 'alert-error'}`}>
                  {state.error?.code ? <code style={{ marginRight: 8 }}>{state.error.code}</code> : null}
                  {data.error ?? state.error?.message}
                </div>
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="timeline">
            <div className="card-header">
              <h2 id="timeline">Timeline</h2>
              <span className="muted">{live ? 'live' : timeline.rows.length ? formatDuration(timeline.spanMs) : ''}</span>
            </div>
            {timeline.rows.length === 0 ? (
              state.status === 'idle' ? <Loading rows={3} /> : <p className="card-body muted" style={{ margin: 0 }}>No steps recorded.</p>
            ) : (
              <ol className={styles.timeline} data-testid="timeline">
                {timeline.rows.map(row => {
                  const left = (row.startMs / timeline.spanMs) * 100;
                  const width = Math.max(((row.endMs - row.startMs) / timeline.spanMs) * 100, 0.6);
                  return (
                    <li key={row.id} className={`${styles.timelineRow} ${row.depth ? styles.timelineChild : ''}`} data-testid="timeline-row" data-kind={row.kind}>
                      <div className={styles.timelineLabel}>
                        <span className={`${styles.kind} ${styles[`kind_${row.kind}`]}`} aria-hidden="true" />
                        <span className={row.kind === 'tool' ? 'mono' : undefined}>{row.label}</span>
                        {row.status && row.status !== 'done' ? <span className="badge badge-warning">{row.status}</span> : null}
                      </div>
                      <div className={styles.track} aria-hidden="true">
                        <div className={`${styles.bar} ${styles[`bar_${row.kind}`]} ${row.running ? styles.barRunning : ''}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                      </div>
                      <div className={styles.timelineDuration} data-testid="timeline-duration">
                        {row.durationMs !== undefined ? formatDuration(row.durationMs) : row.running ? 'running…' : '–'}
                        <span className="faint"> @ +{formatDuration(row.startMs)}</span>
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
            {state.usage.length > 0 ? (
              <div className="table-wrap" style={{ borderTop: '1px solid var(--border)' }}>
                <table className="table">
                  <thead>
                    <tr>
                      <th>Model call</th>
                      <th>Model</th>
                      <th className="num">Input tokens</th>
                      <th className="num">Output tokens</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.usage.map((usage, index) => (
                      <tr key={index}>
                        <td>{usage.iteration ?? index + 1}</td>
                        <td>
                          <code>{usage.model ?? '–'}</code>
                        </td>
                        <td className="num">{formatNumber(usage.inputTokens)}</td>
                        <td className="num">{formatNumber(usage.outputTokens)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="raw-events">
            <div className="card-header" style={{ flexWrap: 'wrap' }}>
              <h2 id="raw-events">
                Events <span className="muted">({formatNumber(raw.length)})</span>
              </h2>
              <div className="row">
                <label className="checkbox">
                  <input type="checkbox" checked={hideDeltas} onChange={event => setHideDeltas(event.target.checked)} /> Hide deltas
                </label>
                <select className="select" style={{ width: 210, height: 30 }} value={typeFilter} onChange={event => setTypeFilter(event.target.value)} aria-label="Event type">
                  <option value="">All types</option>
                  {types.map(type => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              </div>
            </div>
            <ol className={styles.events} data-testid="raw-events">
              {filteredRaw.slice(0, rawLimit).map(event => (
                <li key={event.seq}>
                  <details className={styles.event}>
                    <summary>
                      <span className={`mono ${styles.seq}`}>#{event.seq}</span>
                      <span className={`mono faint ${styles.offset}`}>{origin !== undefined && event.event.timestamp !== undefined ? `+${formatDuration(event.event.timestamp - origin)}` : ''}</span>
                      <span className={`badge ${styles.eventType}`}>{event.event.type}</span>
                      <span className={`mono truncate ${styles.eventSummary}`}>{summarise(event)}</span>
                    </summary>
                    <pre className={styles.eventJson}>{prettyJson(event.event)}</pre>
                  </details>
                </li>
              ))}
            </ol>
            {filteredRaw.length > rawLimit ? (
              <div className="card-body">
                <button className="btn btn-sm" onClick={() => setRawLimit(limit => limit + RAW_PAGE * 4)}>
                  Show more ({formatNumber(filteredRaw.length - rawLimit)} left)
                </button>
              </div>
            ) : null}
            {raw.length === 0 && state.status === 'idle' ? <Loading rows={2} /> : null}
          </section>
        </>
      ) : null}
    </Page>
  );
}
