'use client';

import { Check, ChevronRight, Pencil, ShieldAlert, Wrench, X } from 'lucide-react';
import { useId, useState } from 'react';
import type { ToolEntry } from '@/lib/conversation';
import { prettyJson } from '@/lib/format';
import type { ApprovalDecision } from '@/lib/types';
import styles from './chat.module.css';

function statusOf(entry: ToolEntry): { label: string; tone: string } {
  if (entry.approval) return { label: 'awaiting approval', tone: 'badge badge-warning badge-dot' };
  if (entry.status === 'streaming') return { label: 'preparing…', tone: 'badge badge-info badge-dot badge-pulse' };
  if (entry.status === 'called') return { label: 'running…', tone: 'badge badge-info badge-dot badge-pulse' };
  return { label: 'done', tone: 'badge badge-success badge-dot' };
}

function ApprovalForm({
  entry,
  onDecide,
  busy,
  error,
}: {
  entry: ToolEntry;
  onDecide: (decision: ApprovalDecision) => void;
  busy: boolean;
  error?: string;
}) {
  const id = useId();
  const [mode, setMode] = useState<'ask' | 'edit' | 'deny'>('ask');
  const [argsText, setArgsText] = useState(() => prettyJson(entry.args ?? {}));
  const [reason, setReason] = useState('');
  let parsed: unknown;
  let parseError: string | undefined;
  try {
    parsed = JSON.parse(argsText);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) parseError = 'The arguments are a JSON object.';
  } catch (caught) {
    parseError = `Not valid JSON: ${(caught as Error).message}`;
  }

  return (
    <div className={styles.approval} data-testid="approval">
      <div className={styles.approvalHead}>
        <ShieldAlert size={16} aria-hidden="true" />
        <span>
          <strong>{entry.name}</strong> needs your approval before it runs.
          {entry.approval?.message ? <span className="muted"> {entry.approval.message}</span> : null}
        </span>
      </div>
      {mode === 'edit' ? (
        <div className="field">
          <label htmlFor={`${id}-args`}>Arguments to run it with</label>
          <textarea id={`${id}-args`} className="textarea mono" rows={Math.min(12, argsText.split('\n').length + 1)} value={argsText} onChange={event => setArgsText(event.target.value)} aria-invalid={Boolean(parseError)} spellCheck={false} />
          {parseError ? <span className="field-error">{parseError}</span> : null}
        </div>
      ) : null}
      {mode === 'deny' ? (
        <div className="field">
          <label htmlFor={`${id}-reason`}>Why not? (the agent is told)</label>
          <input id={`${id}-reason`} className="input" value={reason} onChange={event => setReason(event.target.value)} placeholder="Optional reason" autoFocus />
        </div>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="row">
        {mode === 'ask' ? (
          <>
            <button className="btn btn-success btn-sm" disabled={busy} onClick={() => onDecide({ tool_call_id: entry.id, decision: 'approve' })}>
              <Check size={14} /> Approve
            </button>
            <button className="btn btn-sm" disabled={busy} onClick={() => setMode('edit')}>
              <Pencil size={14} /> Edit arguments
            </button>
            <button className="btn btn-danger btn-sm" disabled={busy} onClick={() => setMode('deny')}>
              <X size={14} /> Deny
            </button>
          </>
        ) : mode === 'edit' ? (
          <>
            <button className="btn btn-success btn-sm" disabled={busy || Boolean(parseError)} onClick={() => onDecide({ tool_call_id: entry.id, decision: 'approve', arguments: parsed })}>
              <Check size={14} /> Approve with these arguments
            </button>
            <button className="btn btn-ghost btn-sm" disabled={busy} onClick={() => setMode('ask')}>
              Back
            </button>
          </>
        ) : (
          <>
            <button className="btn btn-danger btn-sm" disabled={busy} onClick={() => onDecide({ tool_call_id: entry.id, decision: 'deny', ...(reason.trim() ? { reason: reason.trim() } : {}) })}>
              <X size={14} /> Deny the call
            </button>
            <button className="btn btn-ghost btn-sm" disabled={busy} onClick={() => setMode('ask')}>
              Back
            </button>
          </>
        )}
      </div>
    </div>
  );
}

export function ToolCallCard({
  entry,
  onDecide,
  deciding,
  decideError,
}: {
  entry: ToolEntry;
  onDecide?: (decision: ApprovalDecision) => void;
  deciding?: boolean;
  decideError?: string;
}) {
  const status = statusOf(entry);
  const argsPreview = entry.argsText && entry.argsText !== '{}' ? entry.argsText : '';
  return (
    <div className={styles.toolCard} data-testid="tool-call" data-tool={entry.name} data-status={entry.approval ? 'awaiting_approval' : entry.status}>
      <details className={styles.toolDetails} open={Boolean(entry.approval) || undefined}>
        <summary className={styles.toolSummary}>
          <ChevronRight size={15} className={styles.chevron} aria-hidden="true" />
          <Wrench size={15} className="muted" aria-hidden="true" />
          <span className="mono">{entry.name}</span>
          {argsPreview ? <span className={`mono faint truncate ${styles.argsPreview}`}>{argsPreview}</span> : null}
          <span className="spacer" />
          <span className={status.tone}>{status.label}</span>
        </summary>
        <div className={styles.toolBody}>
          <div className={styles.toolSection}>
            <div className={styles.toolLabel}>Arguments</div>
            <pre className={styles.code} data-testid="tool-args">{entry.args !== undefined ? prettyJson(entry.args) : entry.argsText || '…'}</pre>
          </div>
          {entry.result !== undefined ? (
            <div className={styles.toolSection}>
              <div className={styles.toolLabel}>Result</div>
              <pre className={styles.code} data-testid="tool-result">{prettyJson(entry.result)}</pre>
            </div>
          ) : null}
        </div>
      </details>
      {entry.approval && onDecide ? <ApprovalForm entry={entry} onDecide={onDecide} busy={Boolean(deciding)} error={decideError} /> : null}
    </div>
  );
}
