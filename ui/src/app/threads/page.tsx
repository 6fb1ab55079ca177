'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { MessagesSquare } from 'lucide-react';
import Link from 'next/link';
import { Suspense } from 'react';
import { AgentFilter, PagedList } from '@/components/PagedList';
import { EmptyState, Loading, Page, PageHeader, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import { useAgentNames } from '@/lib/hooks/useAgents';
import { useUrlFilters } from '@/lib/hooks/useUrlFilters';

const PAGE_SIZE = 25;

function ThreadsList() {
  const { params, offset, update } = useUrlFilters();
  const agentId = params.get('agent') ?? undefined;
  const names = useAgentNames();

  const threads = useQuery({
    queryKey: ['threads', 'list', agentId, offset],
    queryFn: ({ signal }) => api.listThreads({ agent_id: agentId, limit: PAGE_SIZE, offset }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Page>
      <PageHeader title="Threads" description="Conversations: their messages and the runs that answered them." />
      <div className="row">
        <AgentFilter id="threads-agent" value={agentId} onChange={agent => update({ agent, offset: undefined })} />
      </div>
      <PagedList
        items={threads.data?.data}
        total={threads.data?.total ?? 0}
        error={threads.error}
        offset={offset}
        limit={PAGE_SIZE}
        onOffset={value => update({ offset: value ? String(value) : undefined })}
        empty={
          <EmptyState title="No threads yet" icon={<MessagesSquare size={22} />} action={<Link href="/chat" className="btn btn-primary">Start a chat</Link>}>
            A thread starts with the first message to an agent.
          </EmptyState>
        }
      >
        {items => (
          <div className="table-wrap">
            <table className="table" data-testid="threads-table">
              <thead>
                <tr>
                  <th>Thread</th>
                  <th>Agent</th>
                  <th>Updated</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map(thread => (
                  <tr key={thread.id}>
                    <td style={{ maxWidth: 420 }} className="truncate">
                      <Link href={`/threads/${thread.id}`}>{thread.title || `Thread ${shortId(thread.id)}`}</Link>
                    </td>
                    <td>{thread.agent_id ? <Link href={`/agents/${thread.agent_id}`}>{names.get(thread.agent_id)?.name ?? shortId(thread.agent_id)}</Link> : <span className="faint">–</span>}</td>
                    <td className="muted">
                      <TimeAgo value={thread.updated_at} />
                    </td>
                    <td className="muted">
                      <TimeAgo value={thread.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </Page>
  );
}

export default function ThreadsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <ThreadsList />
    </Suspense>
  );
}
