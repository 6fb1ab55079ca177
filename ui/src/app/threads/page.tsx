'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { MessagesSquare } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader, Pagination, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import { useAgentNames, useAllAgents } from '@/lib/hooks/useAgents';

const PAGE_SIZE = 25;

function ThreadsList() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const agentId = params.get('agent') ?? undefined;
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const agents = useAllAgents();
  const names = useAgentNames();

  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const text = next.toString();
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  };

  const threads = useQuery({
    queryKey: ['threads', 'list', agentId, offset],
    queryFn: ({ signal }) => api.listThreads({ agent_id: agentId, limit: PAGE_SIZE, offset }, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Page>
      <PageHeader title="Threads" description="Conversations: their messages and the runs that answered them." />
      <div className="row">
        <div className="field" style={{ width: 240 }}>
          <label htmlFor="threads-agent" className="field-label">
            Agent
          </label>
          <select id="threads-agent" className="select" value={agentId ?? ''} onChange={event => update({ agent: event.target.value || undefined, offset: undefined })}>
            <option value="">All agents</option>
            {(agents.data ?? []).map(agent => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert error={threads.error} />
      <section className="card">
        {threads.isPending ? (
          <Loading rows={5} />
        ) : threads.data && threads.data.data.length > 0 ? (
          <>
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
                  {threads.data.data.map(thread => (
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
            <Pagination offset={offset} limit={PAGE_SIZE} total={threads.data.total} onChange={value => update({ offset: value ? String(value) : undefined })} />
          </>
        ) : (
          <EmptyState title="No threads yet" icon={<MessagesSquare size={22} />} action={<Link href="/chat" className="btn btn-primary">Start a chat</Link>}>
            A thread starts with the first message to an agent.
          </EmptyState>
        )}
      </section>
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
