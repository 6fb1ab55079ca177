import { ExternalLink, PanelLeft } from 'lucide-react';
import Link from 'next/link';
import { StatusBadge } from '@/components/ui';
import { shortId } from '@/lib/format';
import type { Agent } from '@/lib/types';
import styles from './chat.module.css';

/** The thread's title, its agent and model, and the state of its live run with a link to it. */
export function ChatHeader({
  title,
  agent,
  reconnecting,
  runId,
  runStatus,
  threadsOpen,
  onToggleThreads,
}: {
  title: string;
  agent: Agent | undefined;
  reconnecting: boolean;
  runId: string | undefined;
  /** What to show of the live run, when there is one to show. */
  runStatus: string | undefined;
  threadsOpen: boolean;
  onToggleThreads: () => void;
}) {
  return (
    <header className={styles.header}>
      <button className={`btn btn-ghost btn-icon ${styles.threadsToggle}`} onClick={onToggleThreads} aria-label="Show threads" aria-expanded={threadsOpen}>
        <PanelLeft size={18} />
      </button>
      <div className={styles.headerTitle}>
        <h1 data-testid="thread-title">{title}</h1>
        <span className={styles.headerSub}>
          {agent ? (
            <>
              {agent.name} · <code>{agent.default_model_id}</code>
            </>
          ) : (
            '…'
          )}
        </span>
      </div>
      <span className="spacer" />
      {reconnecting ? (
        <span className={`badge badge-warning ${styles.connection}`} role="status">
          Reconnecting…
        </span>
      ) : null}
      {runId && runStatus ? (
        <>
          <StatusBadge status={runStatus} />
          <Link href={`/runs/${runId}`} className="btn btn-sm btn-ghost" title="Open this run's timeline" data-testid="run-link">
            <ExternalLink size={14} /> <span className="visually-hidden">Run</span>
            <span className={styles.runId}>{shortId(runId)}</span>
          </Link>
        </>
      ) : null}
    </header>
  );
}
