'use client';

import { useQuery } from '@tanstack/react-query';
import { MessageSquare } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useMemo } from 'react';
import { Conversation } from '@/components/chat/Conversation';
import { RunsTable } from '@/components/RunsTable';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { buildConversation } from '@/lib/conversation';
import { shortId } from '@/lib/format';
import { ACTIVE_RUN_STATUSES } from '@/lib/types';
import styles from '../threads.module.css';

export default function ThreadPage() {
  const { id } = useParams<{ id: string }>();
  const thread = useQuery({ queryKey: ['thread', id], queryFn: ({ signal }) => api.getThread(id, signal) });
  const runs = useQuery({
    queryKey: ['runs', 'thread', id],
    queryFn: ({ signal }) => api.listRuns({ thread_id: id, limit: 100 }, signal),
    refetchInterval: query => (query.state.data?.data.some(run => ACTIVE_RUN_STATUSES.includes(run.status)) ? 2_000 : false),
  });
  const active = runs.data?.data.some(run => ACTIVE_RUN_STATUSES.includes(run.status)) ?? false;
  const messages = useQuery({
    queryKey: ['thread-messages', id],
    queryFn: ({ signal }) => api.allMessages(id, signal),
    refetchInterval: active ? 2_000 : false,
  });
  const agent = useQuery({ queryKey: ['agent', thread.data?.agent_id], queryFn: ({ signal }) => api.getAgent(thread.data!.agent_id!, signal), enabled: Boolean(thread.data?.agent_id) });
  const entries = useMemo(() => buildConversation(messages.data ?? [], runs.data?.data ?? []), [messages.data, runs.data]);

  return (
    <Page wide>
      <PageHeader
        back={<Link href="/threads">← Threads</Link>}
        title={thread.data?.title || (thread.data ? `Thread ${shortId(thread.data.id)}` : 'Thread')}
        description={
          thread.data ? (
            <>
              {agent.data ? <Link href={`/agents/${agent.data.id}`}>{agent.data.name}</Link> : 'No agent'} · started <TimeAgo value={thread.data.created_at} /> · {messages.data?.length ?? '…'} messages
            </>
          ) : undefined
        }
        actions={
          thread.data?.agent_id ? (
            <Link href={`/chat?agent=${thread.data.agent_id}&thread=${id}`} className="btn btn-primary">
              <MessageSquare size={15} /> Continue in chat
            </Link>
          ) : null
        }
      />
      <ErrorAlert error={thread.error ?? messages.error ?? runs.error} />
      <div className={styles.grid}>
        <section className={`card ${styles.messages}`} aria-label="Messages">
          <div className="card-header">
            <h2>Messages</h2>
          </div>
          {messages.isPending ? (
            <Loading rows={4} />
          ) : messages.error ? null : (
            <Conversation entries={entries} empty={<EmptyState title="No messages yet" />} />
          )}
        </section>
        <section className="card" aria-label="Runs">
          <div className="card-header">
            <h2>Runs</h2>
            <span className="muted">{runs.data?.total ?? ''}</span>
          </div>
          {runs.isPending ? <Loading rows={3} /> : !runs.data ? null : runs.data.data.length > 0 ? <RunsTable runs={runs.data.data} showThread={false} showAgent={false} /> : <EmptyState title="No runs yet" />}
        </section>
      </div>
    </Page>
  );
}
