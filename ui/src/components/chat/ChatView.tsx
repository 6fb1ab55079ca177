'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bot, Plus } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui';
import { api, ApiError } from '@/lib/api';
import { buildConversation, type ConversationEntry } from '@/lib/conversation';
import { shortId } from '@/lib/format';
import type { ApprovalDecision } from '@/lib/types';
import { ChatHeader } from './ChatHeader';
import { ChatWelcome } from './ChatWelcome';
import { Composer, type ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import { ThreadsSidebar } from './ThreadsSidebar';
import { useSendMessage } from './useSendMessage';
import { useThreadRun } from './useThreadRun';
import styles from './chat.module.css';

/** "/" puts the cursor in the message box, unless another field has it. */
function useSlashToFocus(composer: React.RefObject<ComposerHandle | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        composer.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [composer]);
}

export function ChatView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const composer = useRef<ComposerHandle>(null);
  const threadId = params.get('thread') ?? undefined;
  const agentParam = params.get('agent') ?? undefined;
  const [threadsOpen, setThreadsOpen] = useState(false);
  useSlashToFocus(composer);

  const go = useCallback(
    (agent: string | undefined, thread: string | undefined, replace = false) => {
      const next = new URLSearchParams();
      if (agent) next.set('agent', agent);
      if (thread) next.set('thread', thread);
      const url = `${pathname}?${next.toString()}`;
      if (replace) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
      setThreadsOpen(false);
    },
    [pathname, router],
  );

  const agents = useQuery({ queryKey: ['agents', 'list', 'active'], queryFn: ({ signal }) => api.listAgents({ status: 'active', limit: 200 }, signal) });
  const thread = useQuery({ queryKey: ['thread', threadId], queryFn: ({ signal }) => api.getThread(threadId!, signal), enabled: Boolean(threadId) });
  const agentId = agentParam ?? thread.data?.agent_id ?? undefined;
  const agent = useQuery({ queryKey: ['agent', agentId], queryFn: ({ signal }) => api.getAgent(agentId!, signal), enabled: Boolean(agentId) });

  // With no agent chosen, take the newest one.
  const firstAgent = agents.data?.data[0]?.id;
  useEffect(() => {
    if (!agentParam && !threadId && firstAgent) router.replace(`${pathname}?agent=${firstAgent}`, { scroll: false });
  }, [agentParam, threadId, firstAgent, router, pathname]);

  const threads = useQuery({
    queryKey: ['threads', 'agent', agentId],
    queryFn: ({ signal }) => api.listThreads({ agent_id: agentId, limit: 100 }, signal),
    enabled: Boolean(agentId),
  });
  const messages = useQuery({
    queryKey: ['thread-messages', threadId],
    queryFn: ({ signal }) => api.allMessages(threadId!, signal),
    enabled: Boolean(threadId),
  });

  const run = useThreadRun(threadId);
  const message = useSendMessage({
    agentId,
    threadId,
    onRunStarted: (startedThread, runId) => {
      run.showStarted(startedThread, runId);
      if (startedThread !== threadId) go(agentId, startedThread, !threadId);
    },
  });

  const stop = useMutation({
    mutationFn: (runId: string) => api.cancelRun(runId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['runs', 'thread', threadId] }),
  });
  const stopping = stop.isPending || (stop.isSuccess && stop.variables === run.runId && run.running);

  const decide = useMutation({
    mutationFn: (decision: ApprovalDecision) => api.decideApproval(run.runId!, decision),
    onSuccess: () => {
      run.stream.resume();
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
    },
  });
  const decideError =
    decide.error instanceof ApiError && (decide.error.status === 404 || decide.error.status === 405) && !decide.error.problem.detail
      ? 'This API does not take approvals yet.'
      : decide.error instanceof Error
        ? decide.error.message
        : undefined;

  const { pending } = message;
  const entries: ConversationEntry[] = useMemo(() => {
    const list = buildConversation(messages.data ?? [], run.runs, run.live);
    if (pending && !(pending.id && (messages.data ?? []).some(stored => stored.id === pending.id))) {
      list.push({ kind: 'message', id: 'pending', role: 'user', text: pending.text, streaming: false });
    }
    return list;
  }, [messages.data, run.runs, run.live, pending]);

  const lastEntry = entries.at(-1);
  const thinking =
    run.running &&
    !(lastEntry && lastEntry.kind === 'message' && lastEntry.role !== 'user' && lastEntry.streaming) &&
    !(lastEntry?.kind === 'tool' && lastEntry.status !== 'completed');

  if (agents.data && agents.data.data.length === 0 && !threadId) {
    return (
      <div style={{ padding: 24 }}>
        <EmptyState title="No agents yet" icon={<Bot size={22} />} action={<Link href="/agents/new" className="btn btn-primary"><Plus size={15} /> Create an agent</Link>}>
          Create an agent first, then chat with it here.
        </EmptyState>
      </div>
    );
  }

  const agentArchived = agent.data?.status === 'archived';
  const title = threadId ? thread.data?.title || (thread.data ? `Thread ${shortId(thread.data.id)}` : '…') : 'New chat';
  const showRun = run.running || run.waiting || run.record;
  const runStatus = run.running ? 'running' : run.waiting ? 'waiting' : (run.record?.status ?? run.stream.state.status);

  return (
    <div className={styles.layout}>
      <ThreadsSidebar
        open={threadsOpen}
        agentId={agentId}
        agent={agent.data}
        agents={agents.data?.data ?? []}
        threads={threads.data?.data}
        threadsLoading={threads.isPending}
        threadId={threadId}
        onChoose={(chosenAgent, chosenThread) => go(chosenAgent, chosenThread)}
        onClose={() => setThreadsOpen(false)}
      />

      <section className={styles.main} aria-label="Chat">
        <ChatHeader
          title={title}
          agent={agent.data}
          reconnecting={run.stream.connection?.state === 'retrying'}
          runId={run.runId}
          runStatus={showRun ? runStatus : undefined}
          threadsOpen={threadsOpen}
          onToggleThreads={() => setThreadsOpen(value => !value)}
        />

        <Conversation
          entries={entries}
          onDecide={decision => decide.mutate(decision)}
          deciding={decide.isPending}
          decideError={decideError}
          empty={threadId && messages.isPending ? <Loading rows={3} /> : <ChatWelcome agent={agent.data} disabled={!agentId || agentArchived} onSend={text => void message.send(text)} />}
          footer={
            <>
              {thinking ? (
                <div className={styles.thinking} role="status">
                  <span className={styles.dots} aria-hidden="true">
                    <span />
                    <span />
                    <span />
                  </span>
                  Thinking…
                </div>
              ) : null}
              {message.notice ? <div className="alert alert-info">{message.notice}</div> : null}
              <ErrorAlert error={message.error} title="Not sent." />
              <ErrorAlert error={stop.error} title="Could not stop the run." />
              <ErrorAlert error={messages.error ?? thread.error} />
            </>
          }
        />

        <div className={styles.composerWrap}>
          <Composer
            ref={composer}
            onSend={message.send}
            onStop={() => run.runId && stop.mutate(run.runId)}
            running={run.running}
            stopping={stopping}
            disabled={!agentId || agentArchived || run.waiting}
            placeholder={agentArchived ? 'This agent is archived: it cannot answer.' : run.waiting ? 'Answer the approval above to continue.' : agent.data ? `Message ${agent.data.name}…` : 'Message the agent…'}
          />
          <div className={styles.hint}>
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line · <kbd>/</kbd> to focus
          </div>
        </div>
      </section>
      {threadsOpen ? <div className={styles.backdrop} onClick={() => setThreadsOpen(false)} aria-hidden="true" /> : null}
    </div>
  );
}
