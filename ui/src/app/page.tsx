'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import { Activity, Bot, Coins, MessageSquare, Plus } from 'lucide-react';
import Link from 'next/link';
import { RunsTable } from '@/components/RunsTable';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader } from '@/components/ui';
import { api } from '@/lib/api';
import { formatCompact, formatNumber } from '@/lib/format';
import { RUN_STATUSES, type RunStatus } from '@/lib/types';
import styles from './dashboard.module.css';

const TOKEN_SAMPLE = 200;

const STATUS_COLOURS: Record<RunStatus, string> = {
  pending: 'var(--text-faint)',
  running: 'var(--info)',
  waiting: 'var(--warning)',
  completed: 'var(--success)',
  failed: 'var(--danger)',
  cancelled: 'var(--border-strong)',
};

function Stat({ label, value, hint, icon, href }: { label: string; value: string; hint?: string; icon: React.ReactNode; href: string }) {
  return (
    <Link href={href} className={`card ${styles.stat}`}>
      <div className={styles.statIcon}>{icon}</div>
      <div>
        <div className={styles.statLabel}>{label}</div>
        <div className={styles.statValue}>{value}</div>
        {hint ? <div className={styles.statHint}>{hint}</div> : null}
      </div>
    </Link>
  );
}

export default function DashboardPage() {
  const agents = useQueries({
    queries: (['active', 'archived'] as const).map(status => ({
      queryKey: ['agents', 'count', status],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.listAgents({ status, limit: 1 }, signal),
    })),
  });
  const threads = useQuery({ queryKey: ['threads', 'count'], queryFn: ({ signal }) => api.listThreads({ limit: 1 }, signal) });
  const byStatus = useQueries({
    queries: RUN_STATUSES.map(status => ({
      queryKey: ['runs', 'count', status],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.listRuns({ status, limit: 1 }, signal),
      refetchInterval: 5_000,
    })),
  });
  const recent = useQuery({
    queryKey: ['runs', 'recent', TOKEN_SAMPLE],
    queryFn: ({ signal }) => api.listRuns({ limit: TOKEN_SAMPLE }, signal),
    refetchInterval: 5_000,
  });

  const activeAgents = agents[0]?.data?.total;
  const archivedAgents = agents[1]?.data?.total;
  const counts = RUN_STATUSES.map((status, index) => ({ status, count: byStatus[index]?.data?.total ?? 0 }));
  const totalRuns = counts.reduce((sum, item) => sum + item.count, 0);
  const runsLoaded = byStatus.every(query => query.data);
  const tokens = (recent.data?.data ?? []).reduce((sum, run) => sum + run.usage.total_tokens, 0);
  const sampled = (recent.data?.total ?? 0) > TOKEN_SAMPLE;
  const error = agents.find(q => q.error)?.error ?? threads.error ?? byStatus.find(q => q.error)?.error ?? recent.error;
  const active = counts.filter(item => item.status === 'running' || item.status === 'pending' || item.status === 'waiting').reduce((s, i) => s + i.count, 0);

  return (
    <Page>
      <PageHeader
        title="Dashboard"
        description="Your agents, their conversations and runs at a glance."
        actions={
          <>
            <Link href="/agents/new" className="btn">
              <Plus size={15} /> New agent
            </Link>
            <Link href="/chat" className="btn btn-primary">
              <MessageSquare size={15} /> Start a chat
            </Link>
          </>
        }
      />
      <ErrorAlert error={error} />

      <section className={styles.stats} aria-label="Totals">
        <Stat
          label="Agents"
          href="/agents"
          icon={<Bot size={18} />}
          value={activeAgents === undefined ? '…' : formatNumber(activeAgents)}
          hint={archivedAgents ? `${formatNumber(archivedAgents)} archived` : 'active'}
        />
        <Stat label="Threads" href="/threads" icon={<MessageSquare size={18} />} value={threads.data ? formatNumber(threads.data.total) : '…'} hint="conversations" />
        <Stat label="Runs" href="/runs" icon={<Activity size={18} />} value={runsLoaded ? formatNumber(totalRuns) : '…'} hint={active ? `${active} active now` : 'none active'} />
        <Stat
          label="Tokens used"
          href="/runs"
          icon={<Coins size={18} />}
          value={recent.data ? formatCompact(tokens) : '…'}
          hint={sampled ? `in the last ${TOKEN_SAMPLE} runs` : 'input and output, all runs'}
        />
      </section>

      <section className="card" aria-labelledby="by-status">
        <div className="card-header">
          <h2 id="by-status">Runs by status</h2>
        </div>
        <div className="card-body">
          {!runsLoaded ? (
            <Loading rows={1} />
          ) : totalRuns === 0 ? (
            <p className="muted" style={{ margin: 0 }}>No runs yet.</p>
          ) : (
            <>
              <div className={styles.bar} role="img" aria-label={counts.map(c => `${c.count} ${c.status}`).join(', ')}>
                {counts.filter(c => c.count > 0).map(c => (
                  <span key={c.status} style={{ flexGrow: c.count, background: STATUS_COLOURS[c.status] }} />
                ))}
              </div>
              <ul className={styles.legend}>
                {counts.map(c => (
                  <li key={c.status}>
                    <Link href={`/runs?status=${c.status}`} className={styles.legendItem} data-testid={`count-${c.status}`}>
                      <span className={styles.swatch} style={{ background: STATUS_COLOURS[c.status] }} />
                      <span className={styles.legendLabel}>{c.status}</span>
                      <strong>{formatNumber(c.count)}</strong>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="recent-runs">
        <div className="card-header">
          <h2 id="recent-runs">Recent runs</h2>
          <Link href="/runs" className="btn btn-sm btn-ghost">
            All runs
          </Link>
        </div>
        {recent.isPending ? (
          <Loading />
        ) : !recent.data ? null : recent.data.data.length > 0 ? (
          <RunsTable runs={recent.data.data.slice(0, 8)} />
        ) : (
          <EmptyState title="No runs yet" action={<Link href="/chat" className="btn btn-primary">Start a chat</Link>}>
            Every answer of an agent is a run. Start a chat to make one.
          </EmptyState>
        )}
      </section>
    </Page>
  );
}
