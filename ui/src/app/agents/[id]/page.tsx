'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { AgentForm } from '@/components/agents/AgentForm';
import { RunsTable } from '@/components/RunsTable';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';

function AgentDetail() {
  const { id } = useParams<{ id: string }>();
  const created = useSearchParams().get('created') === '1';
  const agent = useQuery({ queryKey: ['agent', id], queryFn: ({ signal }) => api.getAgent(id, signal) });
  const runs = useQuery({ queryKey: ['runs', 'agent', id], queryFn: ({ signal }) => api.listRuns({ agent_id: id, limit: 5 }, signal) });

  return (
    <Page>
      <PageHeader
        back={<Link href="/agents">← Agents</Link>}
        title={agent.data ? agent.data.name : 'Agent'}
        description={
          agent.data ? (
            <>
              <span className="mono">{shortId(agent.data.id)}</span>
              {agent.data.status === 'archived' ? <span className="badge" style={{ marginLeft: 8 }}>archived</span> : null}
            </>
          ) : undefined
        }
      />
      {created ? (
        <div className="alert alert-info" role="status">
          Agent created. <Link href={`/chat?agent=${id}`}>Chat with it</Link>.
        </div>
      ) : null}
      <ErrorAlert error={agent.error} />
      {agent.isPending ? <Loading rows={6} /> : null}
      {agent.data ? <AgentForm key={`${agent.data.id}-${agent.data.status}`} agent={agent.data} /> : null}
      {agent.data ? (
        <section className="card">
          <div className="card-header">
            <h2>Recent runs</h2>
            <Link href={`/runs?agent=${id}`} className="btn btn-sm btn-ghost">
              All runs of this agent
            </Link>
          </div>
          {runs.data && runs.data.data.length > 0 ? <RunsTable runs={runs.data.data} /> : runs.isPending ? <Loading rows={2} /> : <EmptyState title="No runs yet" />}
        </section>
      ) : null}
    </Page>
  );
}

export default function AgentPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AgentDetail />
    </Suspense>
  );
}
