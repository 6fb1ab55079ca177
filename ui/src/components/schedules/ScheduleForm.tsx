'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarPlus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui';
import { api, ApiError } from '@/lib/api';
import { shortId } from '@/lib/format';
import { useAllAgents } from '@/lib/hooks/useAgents';
import { browserTimeZone, CRON_PRESETS, timeZoneNames } from '@/lib/schedules';
import type { CreateSchedule, MissedFires } from '@/lib/types';
import formStyles from '@/components/agents/agents.module.css';

interface FormState {
  agentId: string;
  cron: string;
  timezone: string;
  message: string;
  threadId: string;
  missedFires: MissedFires;
}

function localErrors(form: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.agentId) errors.agent_id = 'Pick the agent that answers.';
  if (!form.cron.trim()) errors.cron = 'Give a cron expression, or pick one of the shortcuts.';
  if (!form.timezone.trim()) errors.timezone = 'Give an IANA time zone, as Europe/Berlin or UTC.';
  if (!form.message.trim()) errors.message = 'Write the message each fire sends.';
  return errors;
}

/** Creates a schedule: an agent, a cron timetable in a time zone, the message each fire sends, and optionally a thread to continue. */
export function ScheduleForm({ agentId }: { agentId?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const agents = useAllAgents();
  const activeAgents = (agents.data ?? []).filter(agent => agent.status === 'active');
  const [form, setForm] = useState<FormState>(() => ({
    agentId: agentId ?? '',
    cron: CRON_PRESETS[0]?.cron ?? '0 9 * * 1-5',
    timezone: browserTimeZone(),
    message: '',
    threadId: '',
    missedFires: 'run_once',
  }));
  const [submitted, setSubmitted] = useState(false);
  const set = (change: Partial<FormState>) => setForm(current => ({ ...current, ...change }));
  // Until the agents come, the first active one is the choice; the select shows the same.
  const chosenAgent = form.agentId || activeAgents[0]?.id || '';
  const zones = useMemo(() => timeZoneNames(), []);

  const threads = useQuery({
    queryKey: ['threads', 'list', chosenAgent, 'for-schedule'],
    queryFn: ({ signal }) => api.listThreads({ agent_id: chosenAgent, limit: 50 }, signal),
    enabled: Boolean(chosenAgent),
  });

  const save = useMutation({
    mutationFn: (input: CreateSchedule) => api.createSchedule(input),
    onSuccess: async saved => {
      await queryClient.invalidateQueries({ queryKey: ['schedules'] });
      queryClient.setQueryData(['schedule', saved.id], saved);
      router.push(`/schedules/${saved.id}`);
    },
  });

  const current = { ...form, agentId: chosenAgent };
  const errors = localErrors(current);
  const server = save.error instanceof ApiError && save.error.problem.errors ? save.error.problem.errors : {};
  const show = (field: string) => (submitted ? errors[field] : undefined) ?? server[field]?.join(' ');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    save.mutate({
      agent_id: current.agentId,
      cron: current.cron.trim(),
      timezone: current.timezone.trim(),
      message: current.message,
      thread_id: current.threadId || null,
      missed_fires: current.missedFires,
    });
  };

  return (
    <form className={formStyles.form} onSubmit={onSubmit} noValidate aria-label="New schedule">
      {save.error && Object.keys(server).length === 0 ? <ErrorAlert error={save.error} title="Not saved." /> : null}
      {save.error && Object.keys(server).length > 0 ? <ErrorAlert error={save.error} title="The API did not accept this:" /> : null}

      <section className="card">
        <div className="card-header">
          <h2>Who and what</h2>
        </div>
        <div className={`card-body ${formStyles.fields}`}>
          <div className={formStyles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-agent`}>Agent</label>
              <select id={`${id}-agent`} className="select" value={chosenAgent} onChange={event => set({ agentId: event.target.value, threadId: '' })} aria-invalid={Boolean(show('agent_id'))}>
                {activeAgents.length === 0 ? <option value="">{agents.isPending ? 'Loading agents…' : 'No active agents'}</option> : null}
                {activeAgents.map(agent => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
              </select>
              {show('agent_id') ? <span className="field-error">{show('agent_id')}</span> : null}
            </div>
            <div className="field">
              <label htmlFor={`${id}-thread`}>Thread</label>
              <select id={`${id}-thread`} className="select" value={form.threadId} onChange={event => set({ threadId: event.target.value })} aria-invalid={Boolean(show('thread_id'))}>
                <option value="">A new thread for each fire</option>
                {(threads.data?.data ?? []).map(thread => (
                  <option key={thread.id} value={thread.id}>
                    {thread.title || `Thread ${shortId(thread.id)}`}
                  </option>
                ))}
              </select>
              {show('thread_id') ? <span className="field-error">{show('thread_id')}</span> : <span className="field-hint">Continue one conversation, or start a fresh one every time.</span>}
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-message`}>Message</label>
            <textarea id={`${id}-message`} className="textarea" rows={3} value={form.message} onChange={event => set({ message: event.target.value })} placeholder="Summarise yesterday's support tickets." aria-invalid={Boolean(show('message'))} />
            {show('message') ? <span className="field-error">{show('message')}</span> : <span className="field-hint">Sent as the user&apos;s message at every fire.</span>}
          </div>
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>When</h2>
        </div>
        <div className={`card-body ${formStyles.fields}`}>
          <div className={formStyles.grid2}>
            <div className="field">
              <label htmlFor={`${id}-cron`}>Cron</label>
              <input id={`${id}-cron`} className="input mono" value={form.cron} onChange={event => set({ cron: event.target.value })} aria-invalid={Boolean(show('cron'))} spellCheck={false} autoComplete="off" />
              {show('cron') ? (
                <span className="field-error">{show('cron')}</span>
              ) : (
                <span className="field-hint">Five fields (minute hour day-of-month month day-of-week), or six with seconds first.</span>
              )}
              <div className="row" style={{ gap: 6 }} aria-label="Cron shortcuts">
                {CRON_PRESETS.map(preset => (
                  <button key={preset.cron} type="button" className={`btn btn-sm ${form.cron === preset.cron ? 'btn-primary' : 'btn-ghost'}`} onClick={() => set({ cron: preset.cron })}>
                    {preset.label}
                  </button>
                ))}
              </div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-timezone`}>Time zone</label>
              <input id={`${id}-timezone`} className="input" list={`${id}-zones`} value={form.timezone} onChange={event => set({ timezone: event.target.value })} aria-invalid={Boolean(show('timezone'))} spellCheck={false} autoComplete="off" />
              <datalist id={`${id}-zones`}>
                {zones.map(zone => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
              {show('timezone') ? <span className="field-error">{show('timezone')}</span> : <span className="field-hint">An IANA name. The cron is read on this zone&apos;s clocks, daylight saving included.</span>}
            </div>
          </div>
          <div className="field" style={{ maxWidth: 420 }}>
            <label htmlFor={`${id}-missed`}>Fires missed while Everruns was down</label>
            <select id={`${id}-missed`} className="select" value={form.missedFires} onChange={event => set({ missedFires: event.target.value as MissedFires })}>
              <option value="run_once">Run once for the missed period</option>
              <option value="skip">Skip them</option>
            </select>
          </div>
        </div>
      </section>

      <div className={formStyles.actions}>
        <Link href="/schedules" className="btn btn-ghost">
          Cancel
        </Link>
        <span className="spacer" />
        {submitted && Object.keys(errors).length > 0 ? <span className="field-error">Fix the fields marked in red.</span> : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          <CalendarPlus size={15} />
          {save.isPending ? 'Creating…' : 'Create schedule'}
        </button>
      </div>
    </form>
  );
}
