'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Activity } from 'lucide-react';
import Link from 'next/link';
import { Suspense } from 'react';
import { AgentFilter, PagedList } from '@/components/PagedList';
import { RunsTable } from '@/components/RunsTable';
import { EmptyState, Loading, Page, PageHeader } from '@/components/ui';
import { api } from '@/lib/api';
import { useUrlFilters } from '@/lib/hooks/useUrlFilters';
import { RUN_STATUSES, type RunStatus } from '@/lib/types';

const PAGE_SIZE = 25;

function RunsList() {
  const { params, offset, update } = useUrlFilters();
  const status = RUN_STATUSES.includes(params.get('status') as RunStatus) ? (params.get('status') as RunStatus) : undefined;
  const agentId = params.get('agent') ?? undefined;

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
        <AgentFilter id="runs-agent" value={agentId} onChange={agent => update({ agent, offset: undefined })} />
        {status || agentId ? (
          <button className="btn btn-ghost btn-sm" style={{ alignSelf: 'flex-end', marginBottom: 3 }} onClick={() => update({ status: undefined, agent: undefined, offset: undefined })}>
            Clear filters
          </button>
        ) : null}
      </div>
      <PagedList
        items={runs.data?.data}
        total={runs.data?.total ?? 0}
        error={runs.error}
        busy={runs.isFetching}
        offset={offset}
        limit={PAGE_SIZE}
        onOffset={value => update({ offset: value ? String(value) : undefined })}
        empty={
          status || agentId ? (
            <EmptyState title="No runs match these filters" icon={<Activity size={22} />} />
          ) : (
            <EmptyState title="No runs yet" icon={<Activity size={22} />} action={<Link href="/chat" className="btn btn-primary">Start a chat</Link>}>
              A run starts whenever an agent answers in a thread.
            </EmptyState>
          )
        }
      >
        {items => <RunsTable runs={items} />}
      </PagedList>
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
