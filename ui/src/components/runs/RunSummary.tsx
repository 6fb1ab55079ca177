import Link from 'next/link';
import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/ui';
import { durationBetween, formatDateTime, formatDuration, formatNumber, shortId } from '@/lib/format';
import { totalUsage, type RunStreamState } from '@/lib/stream/reducer';
import type { Agent, Run, RunStatus } from '@/lib/types';
import styles from '@/app/runs/runs.module.css';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className={styles.field}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** A run's facts (status, agent, thread, times, tokens) and, when it ended badly, why. */
export function RunSummary({ run, agent, status, state, now }: { run: Run; agent?: Agent; status: RunStatus | string; state: RunStreamState; now: number }) {
  const streamUsage = totalUsage(state);
  const elapsed = run.started_at ? (run.finished_at ? durationBetween(run.started_at, run.finished_at) : now - Date.parse(run.started_at)) : undefined;
  const cancelled = state.status === 'cancelled' || run.status === 'cancelled';
  return (
    <section className="card">
      <dl className={styles.summary}>
        <Field label="Status" testId="run-status">
          <StatusBadge status={status} />
        </Field>
        <Field label="Agent">{agent ? <Link href={`/agents/${run.agent_id}`}>{agent.name}</Link> : <span className="mono">{shortId(run.agent_id)}</span>}</Field>
        <Field label="Thread">
          <Link href={`/threads/${run.thread_id}`} className="mono">
            {shortId(run.thread_id)}
          </Link>
        </Field>
        <Field label="Attempt" testId="run-attempt">
          <span title="How many times the run was taken up to execute: more than once after a restart or a pause for approval">{run.attempt}</span>
        </Field>
        <Field label="Created">{formatDateTime(run.created_at)}</Field>
        <Field label="Started">{formatDateTime(run.started_at)}</Field>
        <Field label="Finished">{formatDateTime(run.finished_at)}</Field>
        <Field label="Queued for">{formatDuration(durationBetween(run.created_at, run.started_at))}</Field>
        <Field label="Duration" testId="run-duration">{formatDuration(elapsed)}</Field>
        <Field label="Input tokens">{formatNumber(Math.max(run.usage.input_tokens, streamUsage.inputTokens))}</Field>
        <Field label="Output tokens">{formatNumber(Math.max(run.usage.output_tokens, streamUsage.outputTokens))}</Field>
        <Field label="Total tokens" testId="run-tokens">{formatNumber(Math.max(run.usage.total_tokens, streamUsage.totalTokens))}</Field>
      </dl>
      {run.error || state.error ? (
        <div className="card-body" style={{ paddingTop: 0 }}>
          <div className={`alert ${cancelled ? 'alert-warning' : 'alert-error'}`}>
            {state.error?.code ? <code style={{ marginRight: 8 }}>{state.error.code}</code> : null}
            {run.error ?? state.error?.message}
          </div>
        </div>
      ) : null}
    </section>
  );
}
