'use client';

import { AlertOctagon, Bot, CircleSlash, User } from 'lucide-react';
import Link from 'next/link';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { Markdown } from '@/components/Markdown';
import type { ConversationEntry, MessageEntry, RunNoticeEntry } from '@/lib/conversation';
import type { ApprovalDecision } from '@/lib/types';
import { ToolCallCard } from './ToolCallCard';
import styles from './chat.module.css';

function MessageBubble({ entry }: { entry: MessageEntry }) {
  const isUser = entry.role === 'user';
  return (
    <div className={`${styles.message} ${isUser ? styles.messageUser : styles.messageAgent}`} data-testid="message" data-role={entry.role} data-streaming={entry.streaming ? 'true' : 'false'} data-message-id={entry.id} data-cut-short={entry.cutShort ? 'true' : undefined}>
      {!isUser ? (
        <div className={styles.avatar} aria-hidden="true">
          <Bot size={15} />
        </div>
      ) : null}
      <div className={`${styles.bubble} ${isUser ? styles.bubbleUser : entry.role === 'system' ? styles.bubbleSystem : styles.bubbleAgent}`}>
        <span className="visually-hidden">{isUser ? 'You said:' : entry.role === 'system' ? 'System:' : 'Agent said:'}</span>
        {isUser ? (
          <div className={styles.userText} data-testid="message-text">{entry.text}</div>
        ) : (
          <div data-testid="message-text" className={entry.streaming ? styles.streaming : undefined}>
            <Markdown>{entry.text}</Markdown>
          </div>
        )}
        {entry.cutShort ? (
          <div className={styles.cutShort} data-testid="cut-short" title="The run was stopped while this answer was written: it ends where it stopped.">
            <CircleSlash size={12} aria-hidden="true" /> Stopped
          </div>
        ) : null}
      </div>
      {isUser ? (
        <div className={`${styles.avatar} ${styles.avatarUser}`} aria-hidden="true">
          <User size={15} />
        </div>
      ) : null}
    </div>
  );
}

function RunNotice({ entry }: { entry: RunNoticeEntry }) {
  const cancelled = entry.tone === 'cancelled';
  return (
    <div className={`${styles.notice} ${cancelled ? styles.noticeCancelled : styles.noticeError}`} role={cancelled ? 'status' : 'alert'} data-testid="run-notice" data-tone={entry.tone}>
      {cancelled ? <CircleSlash size={15} aria-hidden="true" /> : <AlertOctagon size={15} aria-hidden="true" />}
      <span>
        {cancelled ? 'Stopped. ' : 'The run failed: '}
        {cancelled ? null : entry.message}
        {entry.code && !cancelled ? <code className={styles.noticeCode}>{entry.code}</code> : null}
      </span>
      <Link href={`/runs/${entry.runId}`} className={styles.noticeLink}>
        Run details
      </Link>
    </div>
  );
}

export function Conversation({
  entries,
  onDecide,
  deciding,
  decideError,
  footer,
  empty,
}: {
  entries: ConversationEntry[];
  onDecide?: (decision: ApprovalDecision) => void;
  deciding?: boolean;
  decideError?: string;
  footer?: ReactNode;
  empty?: ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Follows the newest text while the reader is at the bottom; leaves them alone when they scrolled up.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  });

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      onScroll={event => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
      data-testid="conversation"
    >
      <div className={styles.conversation} role="log" aria-live="polite" aria-relevant="additions text" aria-label="Conversation">
        {entries.length === 0 ? empty : null}
        {entries.map(entry =>
          entry.kind === 'message' ? (
            <MessageBubble key={`m-${entry.id}`} entry={entry} />
          ) : entry.kind === 'tool' ? (
            <ToolCallCard key={`t-${entry.id}`} entry={entry} onDecide={onDecide} deciding={deciding} decideError={decideError} />
          ) : (
            <RunNotice key={entry.id} entry={entry} />
          ),
        )}
        {footer}
      </div>
    </div>
  );
}
