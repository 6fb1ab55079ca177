'use client';

import { Plus } from 'lucide-react';
import Link from 'next/link';
import { Loading, TimeAgo } from '@/components/ui';
import { shortId } from '@/lib/format';
import type { Agent, Thread } from '@/lib/types';
import styles from './chat.module.css';

/** The agent to chat with, a new chat, and the agent's threads. */
export function ThreadsSidebar({
  open,
  agentId,
  agent,
  agents,
  threads,
  threadsLoading,
  threadId,
  onChoose,
  onClose,
}: {
  open: boolean;
  agentId: string | undefined;
  agent: Agent | undefined;
  agents: Agent[];
  threads: Thread[] | undefined;
  threadsLoading: boolean;
  threadId: string | undefined;
  onChoose: (agentId: string | undefined, threadId: string | undefined) => void;
  onClose: () => void;
}) {
  return (
    <aside className={`${styles.sidebar} ${open ? styles.sidebarOpen : ''}`} aria-label="Threads">
      <div className={styles.sidebarHead}>
        <div className="field">
          <label htmlFor="chat-agent" className="field-label">
            Agent
          </label>
          <select id="chat-agent" className="select" value={agentId ?? ''} onChange={event => onChoose(event.target.value || undefined, undefined)} data-testid="agent-picker">
            {!agentId ? <option value="">Choose an agent…</option> : null}
            {agent && agent.status === 'archived' ? <option value={agent.id}>{agent.name} (archived)</option> : null}
            {agents.map(item => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <button className="btn" onClick={() => onChoose(agentId, undefined)} disabled={!agentId} data-testid="new-chat">
          <Plus size={15} /> New chat
        </button>
      </div>
      <ul className={styles.threads}>
        {threadsLoading && agentId ? <Loading rows={3} /> : null}
        {threads && threads.length === 0 ? <li className="faint" style={{ padding: 10 }}>No conversations yet.</li> : null}
        {(threads ?? []).map(item => (
          <li key={item.id}>
            <Link href={`/chat?agent=${agentId}&thread=${item.id}`} className={`${styles.thread} ${item.id === threadId ? styles.threadActive : ''}`} aria-current={item.id === threadId ? 'page' : undefined} onClick={onClose}>
              <span className={styles.threadTitle}>{item.title || `Thread ${shortId(item.id)}`}</span>
              <span className={styles.threadMeta}>
                <TimeAgo value={item.updated_at} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}
