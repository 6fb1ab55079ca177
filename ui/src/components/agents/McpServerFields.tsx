'use client';

import { Plus, Trash2 } from 'lucide-react';
import { secretKey, type McpDraft, type McpTransport, type SecretEntry } from '@/lib/mcpEntry';
import type { ToolDefinition } from '@/lib/types';
import styles from './agents.module.css';

const STORED_HINT = 'stored: type to replace';

/** Name and value rows whose values are write-only: a stored value shows as such, never as its text. */
function SecretRows({
  id,
  label,
  entries,
  namePlaceholder,
  onChange,
}: {
  id: string;
  label: string;
  entries: SecretEntry[];
  namePlaceholder: string;
  onChange: (entries: SecretEntry[]) => void;
}) {
  const set = (key: string, change: Partial<SecretEntry>) => onChange(entries.map(entry => (entry.key === key ? { ...entry, ...change } : entry)));
  return (
    <div className="stack" style={{ gap: 6 }}>
      {entries.map((entry, index) => (
        <div key={entry.key} className={styles.secretRow} data-testid={`${id}-row`}>
          <input
            className="input mono"
            value={entry.name}
            // A stored value belongs to its name: to rename, remove it and add the value again.
            readOnly={entry.stored}
            onChange={event => set(entry.key, { name: event.target.value })}
            placeholder={namePlaceholder}
            aria-label={`${label} ${index + 1} name`}
          />
          <input
            type="password"
            autoComplete="new-password"
            className="input"
            value={entry.value}
            onChange={event => set(entry.key, { value: event.target.value })}
            placeholder={entry.stored ? STORED_HINT : 'value'}
            aria-label={`${label} ${index + 1} value`}
          />
          <button type="button" className="btn btn-ghost btn-icon btn-sm" onClick={() => onChange(entries.filter(e => e.key !== entry.key))} aria-label={`Remove ${label.toLowerCase()} ${entry.name || index + 1}`}>
            <Trash2 size={14} />
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onChange([...entries, { key: secretKey(), name: '', value: '', stored: false }])}>
          <Plus size={14} /> {label}
        </button>
      </div>
    </div>
  );
}

/** The fields of an MCP server entry: how to reach the server, its credentials, and which of its tools to offer. */
export function McpServerFields({
  id,
  tool,
  mcp,
  errors,
  set,
  setMcp,
}: {
  id: string;
  tool: ToolDefinition;
  mcp: McpDraft;
  errors: Record<string, string>;
  set: (change: Partial<ToolDefinition>) => void;
  setMcp: (change: Partial<McpDraft>) => void;
}) {
  return (
    <>
      <div className={styles.grid2}>
        <div className="field">
          <label htmlFor={`${id}-transport`}>Transport</label>
          <select id={`${id}-transport`} className="select" value={mcp.transport} onChange={event => setMcp({ transport: event.target.value as McpTransport })}>
            <option value="http">Remote server (Streamable HTTP URL)</option>
            <option value="stdio">Local program (stdio)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-timeout`}>Timeout (s)</label>
          <input
            id={`${id}-timeout`}
            type="number"
            min={1}
            max={600}
            className="input"
            value={tool.timeout_secs ?? ''}
            placeholder="30"
            onChange={event => set({ timeout_secs: event.target.value.trim() === '' ? null : Number(event.target.value) })}
            aria-invalid={Boolean(errors.timeout_secs)}
          />
          {errors.timeout_secs ? <span className="field-error">{errors.timeout_secs}</span> : null}
        </div>
      </div>
      {mcp.transport === 'http' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-url`}>Server URL</label>
            <input id={`${id}-url`} className="input mono" value={tool.url ?? ''} onChange={event => set({ url: event.target.value })} placeholder="https://example.com/mcp" aria-invalid={Boolean(errors.url)} />
            {errors.url ? <span className="field-error">{errors.url}</span> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-bearer`}>Bearer token</label>
            <div className="row" style={{ flexWrap: 'nowrap' }}>
              <input
                id={`${id}-bearer`}
                type="password"
                autoComplete="new-password"
                className="input"
                value={mcp.bearer}
                onChange={event => setMcp({ bearer: event.target.value })}
                placeholder={mcp.bearerStored ? STORED_HINT : 'optional'}
                aria-invalid={Boolean(errors.bearer)}
                data-stored={mcp.bearerStored ? 'true' : 'false'}
              />
              {mcp.bearerStored && !mcp.bearer ? (
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => setMcp({ bearerStored: false })}>
                  Forget
                </button>
              ) : null}
            </div>
            {errors.bearer ? <span className="field-error">{errors.bearer}</span> : null}
          </div>
          <div className="field">
            <span className="field-label">Headers</span>
            <SecretRows id={`${id}-header`} label="Header" entries={mcp.headers} namePlaceholder="X-Api-Key" onChange={headers => setMcp({ headers })} />
            {errors.headers ? <span className="field-error">{errors.headers}</span> : null}
          </div>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-command`}>Command</label>
            <input id={`${id}-command`} className="input mono" value={tool.command ?? ''} onChange={event => set({ command: event.target.value })} placeholder="npx" aria-invalid={Boolean(errors.command)} />
            {errors.command ? <span className="field-error">{errors.command}</span> : <span className="field-hint">Runs on the API&apos;s machine; only where the operator allows it (Tools__AllowStdioMcp=true).</span>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-args`}>Arguments (one a line)</label>
            <textarea id={`${id}-args`} className="textarea mono" rows={2} value={mcp.argsText} onChange={event => setMcp({ argsText: event.target.value })} placeholder={'-y\n@modelcontextprotocol/server-everything'} spellCheck={false} />
          </div>
          <div className="field">
            <span className="field-label">Environment</span>
            <SecretRows id={`${id}-env`} label="Variable" entries={mcp.env} namePlaceholder="API_KEY" onChange={env => setMcp({ env })} />
            {errors.env ? <span className="field-error">{errors.env}</span> : null}
          </div>
        </>
      )}
      <span className="field-hint">
        {mcp.transport === 'http' ? 'The token and header values' : 'Environment values'} are stored encrypted and never shown again; leave a stored one empty to keep it.
      </span>
      <div className="field">
        <label htmlFor={`${id}-allow`}>Allowed tools</label>
        <input id={`${id}-allow`} className="input mono" value={mcp.toolsText} onChange={event => setMcp({ toolsText: event.target.value })} placeholder="all of the server's tools" />
        <span className="field-hint">
          Names of the server&apos;s tools, separated by commas; empty offers them all. The model sees them as <span className="mono">{tool.name || 'name'}__tool</span>.
        </span>
      </div>
    </>
  );
}
