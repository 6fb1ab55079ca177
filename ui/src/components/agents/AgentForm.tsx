'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, MessageSquare, Save } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui';
import { api, ApiError } from '@/lib/api';
import type { Agent, CreateAgent } from '@/lib/types';
import { AgentToolsPreview } from './AgentToolsPreview';
import { MODEL_ID } from './models';
import { ModelPicker } from './ModelPicker';
import { PromptEditor } from './PromptEditor';
import { draftAfterSave, draftErrors, draftFromTool, toolFromDraft, ToolsEditor, type ToolDraft } from './ToolsEditor';
import styles from './agents.module.css';

interface FormState {
  name: string;
  description: string;
  model: string;
  systemPrompt: string;
  temperature: string;
  maxTokens: string;
  tools: ToolDraft[];
  maxTokensPerRun: string;
  maxTokensPerDay: string;
  webhookUrl: string;
  webhookSecret: string;
}

function fromAgent(agent?: Agent): FormState {
  return {
    name: agent?.name ?? '',
    description: agent?.description ?? '',
    model: agent?.default_model_id ?? 'sim/default',
    systemPrompt: agent?.definition.system_prompt ?? '',
    temperature: agent?.definition.temperature != null ? String(agent.definition.temperature) : '',
    maxTokens: agent?.definition.max_tokens != null ? String(agent.definition.max_tokens) : '',
    tools: (agent?.definition.tools ?? []).map(tool => draftFromTool(tool)),
    maxTokensPerRun: agent?.definition.budget?.max_tokens_per_run != null ? String(agent.definition.budget.max_tokens_per_run) : '',
    maxTokensPerDay: agent?.definition.budget?.max_tokens_per_day != null ? String(agent.definition.budget.max_tokens_per_day) : '',
    webhookUrl: agent?.definition.completion_webhook?.url ?? '',
    // Write-only: never shown again.
    webhookSecret: '',
  };
}

/** A budget field: empty (no limit), or a positive whole number of tokens. */
function budgetError(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? undefined : 'A whole number of tokens, at least 1 (empty: no limit).';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

function localErrors(form: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Give the agent a name.';
  else if (form.name.length > 200) errors.name = 'At most 200 characters.';
  if (form.description.length > 4000) errors.description = 'At most 4000 characters.';
  if (form.model && !MODEL_ID.test(form.model)) errors.model = 'A model id is provider/model, with provider openai, anthropic, ollama or sim.';
  if (form.temperature.trim()) {
    const t = Number(form.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) errors.temperature = 'Between 0 and 2.';
  }
  if (form.maxTokens.trim()) {
    const m = Number(form.maxTokens);
    if (!Number.isInteger(m) || m < 1 || m > 1_000_000) errors.maxTokens = 'A whole number from 1 to 1,000,000.';
  }
  const perRun = budgetError(form.maxTokensPerRun);
  if (perRun) errors.maxTokensPerRun = perRun;
  const perDay = budgetError(form.maxTokensPerDay);
  if (perDay) errors.maxTokensPerDay = perDay;
  if (form.webhookUrl.trim() && !isHttpUrl(form.webhookUrl.trim())) errors.webhookUrl = 'An absolute http or https URL, without credentials.';
  if (!form.webhookUrl.trim() && form.webhookSecret) errors.webhookUrl = 'A secret needs a URL to sign calls to.';
  return errors;
}

function toInput(form: FormState): CreateAgent {
  return {
    name: form.name.trim(),
    description: form.description.trim() || null,
    default_model_id: form.model || null,
    definition: {
      system_prompt: form.systemPrompt || null,
      temperature: form.temperature.trim() ? Number(form.temperature) : null,
      max_tokens: form.maxTokens.trim() ? Number(form.maxTokens) : null,
      tools: form.tools.map(toolFromDraft),
      budget:
        form.maxTokensPerRun.trim() || form.maxTokensPerDay.trim()
          ? {
              max_tokens_per_run: form.maxTokensPerRun.trim() ? Number(form.maxTokensPerRun) : null,
              max_tokens_per_day: form.maxTokensPerDay.trim() ? Number(form.maxTokensPerDay) : null,
            }
          : null,
      completion_webhook: form.webhookUrl.trim() ? { url: form.webhookUrl.trim(), secret: form.webhookSecret || null } : null,
    },
  };
}

/** Field errors of a problem response, by the API's field names. */
function serverFieldErrors(error: unknown): Record<string, string[]> {
  return error instanceof ApiError && error.problem.errors ? error.problem.errors : {};
}

export function AgentForm({ agent }: { agent?: Agent }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [form, setForm] = useState<FormState>(() => fromAgent(agent));
  const [submitted, setSubmitted] = useState(false);
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const set = (change: Partial<FormState>) => {
    setForm(current => ({ ...current, ...change }));
    setSavedAt(undefined);
  };

  const errors = useMemo(() => localErrors(form), [form]);
  const temperatureUnset = form.temperature.trim() === '';
  const toolProblems = useMemo(() => draftErrors(form.tools), [form.tools]);
  const valid = Object.keys(errors).length === 0 && Object.keys(toolProblems).length === 0;

  const save = useMutation({
    mutationFn: (input: CreateAgent) => (agent ? api.updateAgent(agent.id, input) : api.createAgent(input)),
    onSuccess: async saved => {
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      queryClient.setQueryData(['agent', saved.id], saved);
      if (!agent) router.push(`/agents/${saved.id}?created=1`);
      else {
        setSavedAt(Date.now());
        setForm(current => ({ ...current, tools: current.tools.map(draft => draftAfterSave(draft, saved.definition.tools ?? [])) }));
      }
    },
  });

  const archive = useMutation({
    mutationFn: async () => {
      if (!agent) return undefined;
      return agent.status === 'archived' ? api.updateAgent(agent.id, { status: 'active' }) : api.archiveAgent(agent.id);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      await queryClient.invalidateQueries({ queryKey: ['agent', agent?.id] });
    },
  });

  const server = serverFieldErrors(save.error);
  const serverToolErrors: Record<number, string[]> = {};
  for (const [field, messages] of Object.entries(server)) {
    const match = /^definition\.tools\[(\d+)\]/.exec(field);
    if (match) (serverToolErrors[Number(match[1])] ??= []).push(...messages);
  }
  const show = (field: string, serverField?: string) => (submitted ? errors[field] : undefined) ?? (serverField ? server[serverField]?.join(' ') : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!valid) {
      // Open the tools that need fixing.
      setForm(current => ({ ...current, tools: current.tools.map(d => (toolProblems[d.key] ? { ...d, open: true } : d)) }));
      return;
    }
    save.mutate(toInput(form));
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {agent ? 'Edit agent' : 'New agent'}
      </h2>
      {save.error && Object.keys(server).length === 0 ? <ErrorAlert error={save.error} title="Not saved." /> : null}
      {save.error && Object.keys(server).length > 0 ? <ErrorAlert error={save.error} title="The API did not accept this:" /> : null}

      <section className="card">
        <div className="card-header">
          <h2>Identity</h2>
        </div>
        <div className={`card-body ${styles.fields}`}>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} name="name" className="input" value={form.name} onChange={event => set({ name: event.target.value })} aria-invalid={Boolean(show('name', 'name'))} placeholder="Support assistant" autoFocus={!agent} />
            {show('name', 'name') ? <span className="field-error">{show('name', 'name')}</span> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Description</label>
            <input id={`${id}-description`} name="description" className="input" value={form.description} onChange={event => set({ description: event.target.value })} placeholder="What this agent is for (optional)" />
            {show('description', 'description') ? <span className="field-error">{show('description', 'description')}</span> : null}
          </div>
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Model</h2>
        </div>
        <div className={`card-body ${styles.fields}`}>
          <ModelPicker value={form.model} onChange={model => set({ model })} error={show('model', 'default_model_id')} />
          <div className={styles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-temperature`}>Temperature</label>
              <div className="row" style={{ flexWrap: 'nowrap' }}>
                {/* Unset, the slider says "default" as the box does: greyed out, its knob at the start, until moved. */}
                <input
                  type="range"
                  min={0}
                  max={2}
                  step={0.1}
                  value={temperatureUnset ? 0 : Number(form.temperature) || 0}
                  onChange={event => set({ temperature: event.target.value })}
                  aria-label="Temperature slider"
                  aria-valuetext={temperatureUnset ? "the model's default" : form.temperature}
                  data-unset={temperatureUnset ? 'true' : 'false'}
                  data-testid="temperature-slider"
                  className={styles.range}
                />
                <input id={`${id}-temperature`} type="number" min={0} max={2} step={0.1} className="input" style={{ width: 90 }} value={form.temperature} placeholder="default" onChange={event => set({ temperature: event.target.value })} aria-invalid={Boolean(show('temperature', 'definition.temperature'))} />
                {temperatureUnset ? null : (
                  <button type="button" className="btn btn-sm btn-ghost" onClick={() => set({ temperature: '' })} data-testid="temperature-default">
                    Default
                  </button>
                )}
              </div>
              {show('temperature', 'definition.temperature') ? <span className="field-error">{show('temperature', 'definition.temperature')}</span> : <span className="field-hint">0 is focused, 2 is creative. Empty uses the model&apos;s default.</span>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-max-tokens`}>Max tokens</label>
              <input id={`${id}-max-tokens`} type="number" min={1} step={1} className="input" value={form.maxTokens} placeholder="default" onChange={event => set({ maxTokens: event.target.value })} aria-invalid={Boolean(show('maxTokens', 'definition.max_tokens'))} />
              {show('maxTokens', 'definition.max_tokens') ? <span className="field-error">{show('maxTokens', 'definition.max_tokens')}</span> : <span className="field-hint">The longest answer of one model call.</span>}
            </div>
          </div>
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Instructions</h2>
        </div>
        <div className="card-body">
          <PromptEditor value={form.systemPrompt} onChange={systemPrompt => set({ systemPrompt })} error={server['definition.system_prompt']?.join(' ')} />
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Tools</h2>
          <span className="muted">{form.tools.length} configured</span>
        </div>
        <div className="card-body">
          <ToolsEditor drafts={form.tools} onChange={tools => set({ tools })} errors={submitted ? toolProblems : onlySchemaErrors(toolProblems)} serverErrors={serverToolErrors} />
          {server['definition.tools'] ? <p className="field-error">{server['definition.tools'].join(' ')}</p> : null}
          {agent ? <AgentToolsPreview agent={agent} /> : null}
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Budget and completion webhook</h2>
        </div>
        <div className={`card-body ${styles.fields}`}>
          <div className={styles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-per-run`}>Max tokens per run</label>
              <input id={`${id}-per-run`} type="number" min={1} step={1} className="input" value={form.maxTokensPerRun} placeholder="no limit" onChange={event => set({ maxTokensPerRun: event.target.value })} aria-invalid={Boolean(show('maxTokensPerRun', 'definition.budget.max_tokens_per_run'))} />
              {show('maxTokensPerRun', 'definition.budget.max_tokens_per_run') ? <span className="field-error">{show('maxTokensPerRun', 'definition.budget.max_tokens_per_run')}</span> : <span className="field-hint">A run that has used this many tokens stops before its next model call.</span>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-per-day`}>Max tokens per day</label>
              <input id={`${id}-per-day`} type="number" min={1} step={1} className="input" value={form.maxTokensPerDay} placeholder="no limit" onChange={event => set({ maxTokensPerDay: event.target.value })} aria-invalid={Boolean(show('maxTokensPerDay', 'definition.budget.max_tokens_per_day'))} />
              {show('maxTokensPerDay', 'definition.budget.max_tokens_per_day') ? <span className="field-error">{show('maxTokensPerDay', 'definition.budget.max_tokens_per_day')}</span> : <span className="field-hint">All the agent&apos;s runs in a UTC day. Once spent, new runs are refused until midnight UTC.</span>}
            </div>
          </div>
          <div className={styles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-webhook-url`}>Completion webhook URL</label>
              <input id={`${id}-webhook-url`} type="url" className="input" value={form.webhookUrl} placeholder="https://example.com/everruns (optional)" onChange={event => set({ webhookUrl: event.target.value })} aria-invalid={Boolean(show('webhookUrl', 'definition.completion_webhook.url'))} />
              {show('webhookUrl', 'definition.completion_webhook.url') ? <span className="field-error">{show('webhookUrl', 'definition.completion_webhook.url')}</span> : <span className="field-hint">Called when each run ends or waits for approval, unless the run names its own.</span>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-webhook-secret`}>Webhook signing secret</label>
              <input id={`${id}-webhook-secret`} type="password" autoComplete="new-password" className="input" value={form.webhookSecret} placeholder="write-only" onChange={event => set({ webhookSecret: event.target.value })} aria-invalid={Boolean(server['definition.completion_webhook.secret'])} />
              {server['definition.completion_webhook.secret'] ? <span className="field-error">{server['definition.completion_webhook.secret'].join(' ')}</span> : <span className="field-hint">Signs each call (HMAC-SHA256). Never shown again: enter it again when you save changes.</span>}
            </div>
          </div>
        </div>
      </section>

      <div className={styles.actions}>
        {agent ? (
          <>
            <button type="button" className={`btn ${agent.status === 'archived' ? '' : 'btn-danger'}`} disabled={archive.isPending} onClick={() => archive.mutate()}>
              {agent.status === 'archived' ? <ArchiveRestore size={15} /> : <Archive size={15} />}
              {agent.status === 'archived' ? 'Restore' : 'Archive'}
            </button>
            {agent.status === 'active' ? (
              <Link href={`/chat?agent=${agent.id}`} className="btn">
                <MessageSquare size={15} /> Chat
              </Link>
            ) : null}
          </>
        ) : (
          <Link href="/agents" className="btn btn-ghost">
            Cancel
          </Link>
        )}
        <span className="spacer" />
        {savedAt ? (
          <span className="badge badge-success" role="status">
            Saved
          </span>
        ) : null}
        {submitted && !valid ? <span className="field-error">Fix the fields marked in red.</span> : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          <Save size={15} />
          {save.isPending ? 'Saving…' : agent ? 'Save changes' : 'Create agent'}
        </button>
      </div>
      <ErrorAlert error={archive.error} />
    </form>
  );
}

/** Before the first submit, only the schema checks show, as they are typed. */
function onlySchemaErrors(errors: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const [key, fields] of Object.entries(errors)) {
    if (fields.parameters) result[key] = { parameters: fields.parameters };
  }
  return result;
}
