'use client';

import { ChevronDown, ChevronRight, Plus, Server, Trash2, Webhook, Wrench } from 'lucide-react';
import { useId } from 'react';
import { mcpDraftFrom, mcpErrors, mcpFields, type McpDraft } from '@/lib/mcpEntry';
import { checkHeaders, checkParametersSchema, toolErrors } from '@/lib/toolValidation';
import type { ToolDefinition, ToolPolicy } from '@/lib/types';
import { McpServerFields } from './McpServerFields';
import { BUILTIN_TOOLS } from './models';
import styles from './agents.module.css';

export interface ToolDraft {
  key: string;
  tool: ToolDefinition;
  parametersText: string;
  headersText: string;
  /** For an MCP server entry: its connection, credentials and allow-list as edited. */
  mcp?: McpDraft;
  open: boolean;
}

let counter = 0;
const nextKey = () => `tool-${++counter}`;

export function draftFromTool(tool: ToolDefinition, open = false): ToolDraft {
  return {
    key: nextKey(),
    tool: { ...tool, policy: tool.policy ?? 'auto' },
    parametersText: tool.parameters ? JSON.stringify(tool.parameters, null, 2) : '',
    headersText: tool.type !== 'mcp' && tool.headers && Object.keys(tool.headers).length > 0 ? JSON.stringify(tool.headers, null, 2) : '',
    mcp: tool.type === 'mcp' ? mcpDraftFrom(tool) : undefined,
    open,
  };
}

/** The tool as the API takes it; only call once draftErrors() found nothing. */
export function toolFromDraft(draft: ToolDraft): ToolDefinition {
  const { tool } = draft;
  if (tool.type === 'mcp' && draft.mcp) {
    const entry: ToolDefinition = { type: 'mcp', name: tool.name.trim(), policy: tool.policy ?? 'auto', ...mcpFields(tool, draft.mcp) };
    if (tool.timeout_secs != null) entry.timeout_secs = tool.timeout_secs;
    return entry;
  }
  const schema = checkParametersSchema(draft.parametersText);
  const headers = checkHeaders(draft.headersText);
  const result: ToolDefinition = {
    type: tool.type,
    name: tool.name.trim(),
    policy: tool.policy ?? 'auto',
  };
  if (tool.description?.trim()) result.description = tool.description.trim();
  if (schema.ok && schema.schema) result.parameters = schema.schema;
  if (tool.type === 'webhook') {
    result.url = tool.url?.trim();
    if (tool.method) result.method = tool.method;
    if (headers.ok && headers.headers) result.headers = headers.headers;
    if (tool.timeout_secs != null) result.timeout_secs = tool.timeout_secs;
    if (tool.max_retries != null) result.max_retries = tool.max_retries;
    if (tool.secret) result.secret = tool.secret;
  }
  return result;
}

/** The draft after its agent was saved: the credentials typed for an MCP server are stored now, and show as such. */
export function draftAfterSave(draft: ToolDraft, saved: ToolDefinition[]): ToolDraft {
  const tool = draft.mcp ? saved.find(t => t.type === 'mcp' && t.name === draft.tool.name.trim()) : undefined;
  return tool ? { ...draft, mcp: mcpDraftFrom(tool) } : draft;
}

export function draftErrors(drafts: ToolDraft[]): Record<string, Record<string, string>> {
  const errors: Record<string, Record<string, string>> = {};
  drafts.forEach((draft, index) => {
    const others = drafts.filter((_, i) => i < index).map(d => d.tool.name);
    const found = toolErrors(draft.tool, draft.parametersText, draft.headersText, others);
    if (draft.mcp) Object.assign(found, mcpErrors(draft.tool, draft.mcp));
    if (Object.keys(found).length > 0) errors[draft.key] = found;
  });
  return errors;
}

function numberOrNull(value: string): number | null {
  if (value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function ToolCard({
  draft,
  errors,
  serverErrors,
  onChange,
  onRemove,
}: {
  draft: ToolDraft;
  errors: Record<string, string>;
  serverErrors: string[];
  onChange: (draft: ToolDraft) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const { tool } = draft;
  const set = (change: Partial<ToolDefinition>) => onChange({ ...draft, tool: { ...tool, ...change } });
  const setMcp = (change: Partial<McpDraft>) => draft.mcp && onChange({ ...draft, mcp: { ...draft.mcp, ...change } });
  const invalid = Object.keys(errors).length > 0 || serverErrors.length > 0;
  const Icon = tool.type === 'webhook' ? Webhook : tool.type === 'mcp' ? Server : Wrench;

  return (
    <li className={`${styles.toolCard} ${invalid ? styles.toolCardInvalid : ''}`} data-testid="tool-card">
      <div className={styles.toolHead}>
        <button type="button" className={styles.toolToggle} aria-expanded={draft.open} aria-controls={`${id}-body`} onClick={() => onChange({ ...draft, open: !draft.open })}>
          {draft.open ? <ChevronDown size={16} /> : <ChevronRight size={16} />}
          <Icon size={15} className="muted" />
          <span className={`mono ${styles.toolName}`}>{tool.name || 'unnamed'}</span>
          <span className="badge">{tool.type === 'mcp' ? 'MCP server' : tool.type}</span>
          {tool.policy === 'requires_approval' ? <span className="badge badge-warning">needs approval</span> : null}
          {invalid ? <span className="badge badge-danger">fix errors</span> : null}
        </button>
        <button type="button" className="btn btn-ghost btn-icon btn-sm" onClick={onRemove} aria-label={`Remove tool ${tool.name}`}>
          <Trash2 size={15} />
        </button>
      </div>
      {draft.open ? (
        <div id={`${id}-body`} className={styles.toolBody}>
          <div className={styles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              {tool.type === 'builtin' ? (
                <select id={`${id}-name`} className="select mono" value={tool.name} onChange={event => set({ name: event.target.value })}>
                  {BUILTIN_TOOLS.some(b => b.name === tool.name) ? null : <option value={tool.name}>{tool.name}</option>}
                  {BUILTIN_TOOLS.map(builtin => (
                    <option key={builtin.name} value={builtin.name}>
                      {builtin.name}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={`${id}-name`} className="input mono" value={tool.name} onChange={event => set({ name: event.target.value })} aria-invalid={Boolean(errors.name)} />
              )}
              {errors.name ? <span className="field-error">{errors.name}</span> : null}
            </div>
            <div className="field">
              <label htmlFor={`${id}-policy`}>Policy</label>
              <select id={`${id}-policy`} className="select" value={tool.policy ?? 'auto'} onChange={event => set({ policy: event.target.value as ToolPolicy })}>
                <option value="auto">Runs automatically</option>
                <option value="requires_approval">Requires approval</option>
              </select>
            </div>
          </div>
          {tool.type === 'mcp' && draft.mcp ? (
            <McpServerFields id={id} tool={tool} mcp={draft.mcp} errors={errors} set={set} setMcp={setMcp} />
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${id}-description`}>Description</label>
                <input
                  id={`${id}-description`}
                  className="input"
                  value={tool.description ?? ''}
                  onChange={event => set({ description: event.target.value })}
                  placeholder="What the tool does: the model reads this to decide when to call it."
                />
              </div>
              {tool.type === 'webhook' ? (
                <>
                  <div className={styles.grid2}>
                    <div className="field" style={{ gridColumn: 'span 1' }}>
                      <label htmlFor={`${id}-url`}>URL</label>
                      <input id={`${id}-url`} className="input mono" value={tool.url ?? ''} onChange={event => set({ url: event.target.value })} placeholder="https://example.com/hooks/tool" aria-invalid={Boolean(errors.url)} />
                      {errors.url ? <span className="field-error">{errors.url}</span> : null}
                    </div>
                    <div className="field">
                      <label htmlFor={`${id}-method`}>Method</label>
                      <select id={`${id}-method`} className="select" value={tool.method ?? 'POST'} onChange={event => set({ method: event.target.value })}>
                        {['POST', 'PUT', 'PATCH', 'GET'].map(method => (
                          <option key={method}>{method}</option>
                        ))}
                      </select>
                    </div>
                  </div>
                  <div className={styles.grid3}>
                    <div className="field">
                      <label htmlFor={`${id}-timeout`}>Timeout (s)</label>
                      <input id={`${id}-timeout`} type="number" min={1} max={600} className="input" value={tool.timeout_secs ?? ''} placeholder="30" onChange={event => set({ timeout_secs: numberOrNull(event.target.value) })} aria-invalid={Boolean(errors.timeout_secs)} />
                      {errors.timeout_secs ? <span className="field-error">{errors.timeout_secs}</span> : null}
                    </div>
                    <div className="field">
                      <label htmlFor={`${id}-retries`}>Retries</label>
                      <input id={`${id}-retries`} type="number" min={0} max={10} className="input" value={tool.max_retries ?? ''} placeholder="3" onChange={event => set({ max_retries: numberOrNull(event.target.value) })} aria-invalid={Boolean(errors.max_retries)} />
                      {errors.max_retries ? <span className="field-error">{errors.max_retries}</span> : null}
                    </div>
                    <div className="field">
                      <label htmlFor={`${id}-secret`}>Signing secret</label>
                      <input id={`${id}-secret`} type="password" autoComplete="new-password" className="input" value={tool.secret ?? ''} onChange={event => set({ secret: event.target.value })} placeholder="write-only" />
                    </div>
                  </div>
                  <span className="field-hint">
                    The secret signs each request (HMAC-SHA256). It is never shown again; leave it empty to keep the one stored.
                  </span>
                  <div className="field">
                    <label htmlFor={`${id}-headers`}>Headers (JSON)</label>
                    <textarea id={`${id}-headers`} className="textarea mono" rows={2} value={draft.headersText} onChange={event => onChange({ ...draft, headersText: event.target.value })} placeholder='{"X-Api-Key": "..."}' aria-invalid={Boolean(errors.headers)} />
                    {errors.headers ? <span className="field-error">{errors.headers}</span> : null}
                  </div>
                </>
              ) : null}
              <div className="field">
                <label htmlFor={`${id}-parameters`}>Parameters (JSON Schema)</label>
                <textarea
                  id={`${id}-parameters`}
                  className="textarea mono"
                  rows={6}
                  value={draft.parametersText}
                  onChange={event => onChange({ ...draft, parametersText: event.target.value })}
                  placeholder={'{\n  "type": "object",\n  "properties": { "city": { "type": "string" } },\n  "required": ["city"]\n}'}
                  aria-invalid={Boolean(errors.parameters)}
                  aria-describedby={`${id}-parameters-help`}
                  spellCheck={false}
                />
                <span id={`${id}-parameters-help`} className={errors.parameters ? 'field-error' : 'field-hint'} data-testid={errors.parameters ? 'schema-error' : undefined}>
                  {errors.parameters ?? 'Empty means the tool takes no arguments. Checked as JSON Schema before saving.'}
                </span>
              </div>
            </>
          )}
          {serverErrors.map(message => (
            <span key={message} className="field-error">
              {message}
            </span>
          ))}
        </div>
      ) : null}
    </li>
  );
}

export function ToolsEditor({
  drafts,
  onChange,
  errors,
  serverErrors,
}: {
  drafts: ToolDraft[];
  onChange: (drafts: ToolDraft[]) => void;
  errors: Record<string, Record<string, string>>;
  serverErrors: Record<number, string[]>;
}) {
  const add = (tool: ToolDefinition) => onChange([...drafts.map(d => ({ ...d, open: false })), draftFromTool(tool, true)]);
  const usedBuiltins = new Set(drafts.filter(d => d.tool.type === 'builtin').map(d => d.tool.name));
  const nextBuiltin = BUILTIN_TOOLS.find(b => !usedBuiltins.has(b.name));

  return (
    <div className="stack" style={{ gap: 10 }}>
      {drafts.length === 0 ? <p className="muted" style={{ margin: 0 }}>No tools: the agent only answers with text.</p> : null}
      <ul className={styles.toolList}>
        {drafts.map((draft, index) => (
          <ToolCard
            key={draft.key}
            draft={draft}
            errors={errors[draft.key] ?? {}}
            serverErrors={serverErrors[index] ?? []}
            onChange={next => onChange(drafts.map(d => (d.key === draft.key ? next : d)))}
            onRemove={() => onChange(drafts.filter(d => d.key !== draft.key))}
          />
        ))}
      </ul>
      <div className="row">
        <button
          type="button"
          className="btn btn-sm"
          disabled={!nextBuiltin}
          onClick={() => nextBuiltin && add({ type: 'builtin', name: nextBuiltin.name, description: nextBuiltin.description, policy: 'auto' })}
        >
          <Plus size={14} /> Built-in tool
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() =>
            add({
              type: 'webhook',
              name: `webhook_${drafts.length + 1}`,
              url: '',
              method: 'POST',
              policy: 'auto',
              parameters: { type: 'object', properties: {} },
            })
          }
        >
          <Plus size={14} /> Webhook tool
        </button>
        <button type="button" className="btn btn-sm" onClick={() => add({ type: 'mcp', name: `mcp_${drafts.length + 1}`, url: '', policy: 'auto' })}>
          <Plus size={14} /> MCP server
        </button>
      </div>
    </div>
  );
}
