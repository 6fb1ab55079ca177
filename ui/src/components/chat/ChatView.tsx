'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bot, ExternalLink, PanelLeft, Plus } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState, ErrorAlert, Loading, StatusBadge, TimeAgo } from '@/components/ui';
import { api, ApiError } from '@/lib/api';
import { buildConversation, type ConversationEntry } from '@/lib/conversation';
import { shortId } from '@/lib/format';
import { useRunStream } from '@/lib/stream/useRunStream';
import { ACTIVE_RUN_STATUSES, type ApprovalDecision, type Run } from '@/lib/types';
import { Composer, type ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import styles from './chat.module.css';

const SUGGESTIONS = [
  { label: 'Say hello', text: 'Hello! What can you do?' },
  { label: 'Use a tool', text: 'What time is it? [tool:current_time]' },
  { label: 'Long answer', text: 'Tell me a long story. [long:300]' },
];

function isActive(run: Run | undefined): boolean {
  return Boolean(run && ACTIVE_RUN_STATUSES.includes(run.status));
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

  // The run started from this page, until the thread's run list shows it.
  const [started, setStarted] = useState<{ threadId: string; runId: string } | undefined>();
  const runs = useQuery({
    queryKey: ['runs', 'thread', threadId],
    queryFn: ({ signal }) => api.listRuns({ thread_id: threadId!, limit: 100 }, signal),
    enabled: Boolean(threadId),
    // While a run waits for an approval, notice when someone else answers it.
    refetchInterval: query => (query.state.data?.data[0]?.status === 'waiting' ? 3_000 : false),
  });
  const latest = runs.data?.data[0];
  const startedHere = started && started.threadId === threadId ? started.runId : undefined;
  const liveRunId = startedHere ?? latest?.id;
  const liveRunRecord = runs.data?.data.find(run => run.id === liveRunId);
  const shouldFollow = Boolean(liveRunId) && (liveRunId === startedHere ? !liveRunRecord || isActive(liveRunRecord) : isActive(liveRunRecord));

  const onSettled = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['thread-messages', threadId] });
    void queryClient.invalidateQueries({ queryKey: ['runs'] });
    void queryClient.invalidateQueries({ queryKey: ['threads'] });
  }, [queryClient, threadId]);

  const stream = useRunStream(liveRunId, { persist: true, follow: shouldFollow, onSettled });
  const live = useMemo(() => (liveRunId ? { runId: liveRunId, state: stream.state } : undefined), [liveRunId, stream.state]);

  // Another client answered the approval: pick the stream up again.
  const { resume } = stream;
  const streamStatus = stream.state.status;
  useEffect(() => {
    if (streamStatus === 'waiting' && liveRunRecord && liveRunRecord.status !== 'waiting') resume();
  }, [streamStatus, liveRunRecord, resume]);

  const running = shouldFollow && (stream.state.status === 'running' || stream.state.status === 'idle') && !(liveRunRecord && !isActive(liveRunRecord));
  const waiting = stream.state.status === 'waiting';

  // The message being sent, shown until the thread's stored messages include it.
  const [pending, setPending] = useState<{ text: string; id?: string }>();
  const [sendError, setSendError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const send = async (text: string): Promise<boolean> => {
    if (!agentId) return false;
    setSendError(undefined);
    setNotice(undefined);
    setPending({ text });
    try {
      let tid = threadId;
      if (!tid) {
        const created = await api.createThread({ agent_id: agentId, title: text.split('\n')[0]!.slice(0, 80) });
        tid = created.id;
        void queryClient.invalidateQueries({ queryKey: ['threads'] });
      }
      const message = await api.addMessage(tid, { role: 'user', content: text });
      setPending({ text, id: message.id });
      let runId: string;
      try {
        runId = (await api.createRun({ thread_id: tid, agent_id: agentId })).id;
      } catch (error) {
        const active = error instanceof ApiError && error.status === 409 ? error.problem.active_run_id : undefined;
        if (!active) throw error;
        runId = String(active);
        setNotice('This thread already had a run going: showing it.');
      }
      setStarted({ threadId: tid, runId });
      if (tid !== threadId) go(agentId, tid, !threadId);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['thread-messages', tid] }),
        queryClient.invalidateQueries({ queryKey: ['runs', 'thread', tid] }),
      ]);
      return true;
    } catch (error) {
      setSendError(error);
      return false;
    } finally {
      setPending(undefined);
    }
  };

  const stop = useMutation({
    mutationFn: (runId: string) => api.cancelRun(runId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['runs', 'thread', threadId] }),
  });
  const stopping = stop.isPending || (stop.isSuccess && stop.variables === liveRunId && running);

  const decide = useMutation({
    mutationFn: (decision: ApprovalDecision) => api.decideApproval(liveRunId!, decision),
    onSuccess: () => {
      resume();
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
    },
  });
  const decideError =
    decide.error instanceof ApiError && (decide.error.status === 404 || decide.error.status === 405) && !decide.error.problem.detail
      ? 'This API does not take approvals yet.'
      : decide.error instanceof Error
        ? decide.error.message
        : undefined;

  const entries: ConversationEntry[] = useMemo(() => {
    const list = buildConversation(messages.data ?? [], runs.data?.data ?? [], live);
    if (pending && !(pending.id && (messages.data ?? []).some(m => m.id === pending.id))) {
      list.push({ kind: 'message', id: 'pending', role: 'user', text: pending.text, streaming: false });
    }
    return list;
  }, [messages.data, runs.data, live, pending]);

  // Keyboard: "/" puts the cursor in the message box.
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
  }, []);

  const lastEntry = entries.at(-1);
  const thinking = running && !(lastEntry && lastEntry.kind === 'message' && lastEntry.role !== 'user' && lastEntry.streaming) && !(lastEntry?.kind === 'tool' && lastEntry.status !== 'completed');

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

  return (
    <div className={styles.layout}>
      <aside className={`${styles.sidebar} ${threadsOpen ? styles.sidebarOpen : ''}`} aria-label="Threads">
        <div className={styles.sidebarHead}>
          <div className="field">
            <label htmlFor="chat-agent" className="field-label">
              Agent
            </label>
            <select id="chat-agent" className="select" value={agentId ?? ''} onChange={event => go(event.target.value || undefined, undefined)} data-testid="agent-picker">
              {!agentId ? <option value="">Choose an agent…</option> : null}
              {agent.data && agent.data.status === 'archived' ? <option value={agent.data.id}>{agent.data.name} (archived)</option> : null}
              {(agents.data?.data ?? []).map(item => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </div>
          <button className="btn" onClick={() => go(agentId, undefined)} disabled={!agentId} data-testid="new-chat">
            <Plus size={15} /> New chat
          </button>
        </div>
        <ul className={styles.threads}>
          {threads.isPending && agentId ? <Loading rows={3} /> : null}
          {threads.data && threads.data.data.length === 0 ? <li className="faint" style={{ padding: 10 }}>No conversations yet.</li> : null}
          {(threads.data?.data ?? []).map(item => (
            <li key={item.id}>
              <Link href={`/chat?agent=${agentId}&thread=${item.id}`} className={`${styles.thread} ${item.id === threadId ? styles.threadActive : ''}`} aria-current={item.id === threadId ? 'page' : undefined} onClick={() => setThreadsOpen(false)}>
                <span className={styles.threadTitle}>{item.title || `Thread ${shortId(item.id)}`}</span>
                <span className={styles.threadMeta}>
                  <TimeAgo value={item.updated_at} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </aside>

      <section className={styles.main} aria-label="Chat">
        <header className={styles.header}>
          <button className={`btn btn-ghost btn-icon ${styles.threadsToggle}`} onClick={() => setThreadsOpen(value => !value)} aria-label="Show threads" aria-expanded={threadsOpen}>
            <PanelLeft size={18} />
          </button>
          <div className={styles.headerTitle}>
            <h1 data-testid="thread-title">{title}</h1>
            <span className={styles.headerSub}>
              {agent.data ? (
                <>
                  {agent.data.name} · <code>{agent.data.default_model_id}</code>
                </>
              ) : (
                '…'
              )}
            </span>
          </div>
          <span className="spacer" />
          {stream.connection?.state === 'retrying' ? (
            <span className={`badge badge-warning ${styles.connection}`} role="status">
              Reconnecting…
            </span>
          ) : null}
          {liveRunId && (running || waiting || liveRunRecord) ? (
            <>
              <StatusBadge status={running ? 'running' : waiting ? 'waiting' : (liveRunRecord?.status ?? stream.state.status)} />
              <Link href={`/runs/${liveRunId}`} className="btn btn-sm btn-ghost" title="Open this run's timeline" data-testid="run-link">
                <ExternalLink size={14} /> <span className="visually-hidden">Run</span>
                <span className={styles.runId}>{shortId(liveRunId)}</span>
              </Link>
            </>
          ) : null}
        </header>

        <Conversation
          entries={entries}
          onDecide={decision => decide.mutate(decision)}
          deciding={decide.isPending}
          decideError={decideError}
          empty={
            threadId && messages.isPending ? (
              <Loading rows={3} />
            ) : (
              <div className={styles.welcome}>
                <Bot size={28} />
                <h2>{agent.data ? `Chat with ${agent.data.name}` : 'Start a conversation'}</h2>
                <p style={{ margin: 0 }}>{agent.data?.description || 'Answers stream in as they are written. Tool calls show up as cards.'}</p>
                <div className={styles.suggestions}>
                  {SUGGESTIONS.map(suggestion => (
                    <button key={suggestion.label} className="btn btn-sm" onClick={() => void send(suggestion.text)} disabled={!agentId || agentArchived}>
                      {suggestion.label}
                    </button>
                  ))}
                </div>
              </div>
            )
          }
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
              {notice ? <div className="alert alert-info">{notice}</div> : null}
              <ErrorAlert error={sendError} title="Not sent." />
              <ErrorAlert error={stop.error} title="Could not stop the run." />
              <ErrorAlert error={messages.error ?? thread.error} />
            </>
          }
        />

        <div className={styles.composerWrap}>
          <Composer
            ref={composer}
            onSend={send}
            onStop={() => liveRunId && stop.mutate(liveRunId)}
            running={running}
            stopping={stopping}
            disabled={!agentId || agentArchived || waiting}
            placeholder={agentArchived ? 'This agent is archived: it cannot answer.' : waiting ? 'Answer the approval above to continue.' : agent.data ? `Message ${agent.data.name}…` : 'Message the agent…'}
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
