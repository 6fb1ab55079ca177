'use client';

import { AlertTriangle, ChevronLeft, ChevronRight, Inbox } from 'lucide-react';
import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { RunStatus } from '@/lib/types';
import styles from './ui.module.css';

export function PageHeader({ title, description, actions, back }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: ReactNode }) {
  return (
    <header className={styles.pageHeader}>
      <div className={styles.pageHeaderText}>
        {back ? <div className={styles.back}>{back}</div> : null}
        <h1>{title}</h1>
        {description ? <p className={styles.pageDescription}>{description}</p> : null}
      </div>
      {actions ? <div className={styles.pageActions}>{actions}</div> : null}
    </header>
  );
}

export function Page({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return <div className={`${styles.page} ${wide ? styles.pageWide : ''}`}>{children}</div>;
}

export function Loading({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className={styles.loading} role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className={`skeleton ${styles.skeletonRow}`} style={{ width: `${92 - index * 14}%` }} />
      ))}
    </div>
  );
}

export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="empty">
      <div className={styles.emptyIcon}>{icon ?? <Inbox size={22} />}</div>
      <div className="empty-title">{title}</div>
      {children ? <div>{children}</div> : null}
      {action ? <div style={{ marginTop: 6 }}>{action}</div> : null}
    </div>
  );
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className={`alert alert-error ${styles.errorAlert}`} role="alert">
      <AlertTriangle size={16} aria-hidden="true" />
      <div>
        {title ? <strong>{title} </strong> : null}
        {message}
      </div>
    </div>
  );
}

const STATUS_TONE: Record<RunStatus, string> = {
  pending: 'badge',
  running: 'badge badge-info badge-pulse',
  waiting: 'badge badge-warning',
  completed: 'badge badge-success',
  failed: 'badge badge-danger',
  cancelled: 'badge',
};

export function StatusBadge({ status }: { status: RunStatus | string }) {
  const tone = STATUS_TONE[status as RunStatus] ?? 'badge';
  return (
    <span className={`${tone} badge-dot`} data-status={status}>
      {status}
    </span>
  );
}

export function TimeAgo({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="faint">–</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)} suppressHydrationWarning>
      {formatRelative(value)}
    </time>
  );
}

export function Pagination({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange: (offset: number) => void }) {
  if (total <= 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className={styles.pagination} aria-label="Pages">
      <span className="muted">
        {from}–{to} of {total}
      </span>
      <div className="row">
        <button className="btn btn-sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))} aria-label="Previous page">
          <ChevronLeft size={15} /> Previous
        </button>
        <button className="btn btn-sm" disabled={to >= total} onClick={() => onChange(offset + limit)} aria-label="Next page">
          Next <ChevronRight size={15} />
        </button>
      </div>
    </nav>
  );
}
