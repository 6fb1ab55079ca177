'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Activity } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { RunsTable } from '@/components/RunsTable';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader, Pagination } from '@/components/ui';
import { api } from '@/lib/api';
import { useAllAgents } from '@/lib/hooks/useAgents';
import { RUN_STATUSES, type RunStatus } from '@/lib/types';

const PAGE_SIZE = 25;

function RunsList() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const status = RUN_STATUSES.includes(params.get('status') as RunStatus) ? (params.get('status') as RunStatus) : undefined;
  const agentId = params.get('agent') ?? undefined;
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const agents = useAllAgents();

  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const text = next.toString();
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  };

  const runs = useQuery({
    queryKey: ['runs', 'list', status, agentId, offset],
    queryFn: ({ signal }) => api.listRuns({ status, agent_id: agentId, limit: PAGE_SIZE, offset }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });

  return (
    <Page>
      <PageHeader title="Runs" description="Every answer of an agent is a run: its status, timing, tokens and events." />
      <div className="row">
        <div className="field" style={{ width: 180 }}>
          <label htmlFor="runs-status" className="field-label">
            Status
          </label>
          <select id="runs-status" className="select" value={status ?? ''} onChange={event => update({ status: event.target.value || undefined, offset: undefined })}>
            <option value="">All statuses</option>
            {RUN_STATUSES.map(value => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ width: 240 }}>
          <label htmlFor="runs-agent" className="field-label">
            Agent
          </label>
          <select id="runs-agent" className="select" value={agentId ?? ''} onChange={event => update({ agent: event.target.value || undefined, offset: undefined })}>
            <option value="">All agents</option>
            {(agents.data ?? []).map(agent => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
                {agent.status === 'archived' ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </div>
        {status || agentId ? (
          <button className="btn btn-ghost btn-sm" style={{ alignSelf: 'flex-end', marginBottom: 3 }} onClick={() => update({ status: undefined, agent: undefined, offset: undefined })}>
            Clear filters
          </button>
        ) : null}
      </div>
      <ErrorAlert error={runs.error} />
      <section className="card" aria-busy={runs.isFetching}>
        {runs.isPending ? (
          <Loading rows={5} />
        ) : runs.data && runs.data.data.length > 0 ? (
          <>
            <RunsTable runs={runs.data.data} />
            <Pagination offset={offset} limit={PAGE_SIZE} total={runs.data.total} onChange={value => update({ offset: value ? String(value) : undefined })} />
          </>
        ) : status || agentId ? (
          <EmptyState title="No runs match these filters" icon={<Activity size={22} />} />
        ) : (
          <EmptyState title="No runs yet" icon={<Activity size={22} />} action={<Link href="/chat" className="btn btn-primary">Start a chat</Link>}>
            A run starts whenever an agent answers in a thread.
          </EmptyState>
        )}
      </section>
    </Page>
  );
}

export default function RunsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <RunsList />
    </Suspense>
  );
}
