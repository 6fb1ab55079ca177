'use client';

import { ArrowUp, Square } from 'lucide-react';
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import styles from './chat.module.css';

export interface ComposerHandle {
  focus: () => void;
}

interface Props {
  onSend: (text: string) => Promise<boolean> | boolean;
  onStop?: () => void;
  running: boolean;
  stopping?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ onSend, onStop, running, stopping, disabled, placeholder }, ref) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  // Grows with the text up to a limit, then scrolls.
  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, 220)}px`;
  }, [text]);

  const canSend = !disabled && !running && !sending && text.trim().length > 0;

  const send = async () => {
    if (!canSend) return;
    const value = text;
    setSending(true);
    setText('');
    try {
      const ok = await onSend(value.trim());
      if (!ok) setText(value);
    } finally {
      setSending(false);
      area.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter makes a new line; not while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form
      className={styles.composer}
      onSubmit={event => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={area}
        className={styles.composerInput}
        value={text}
        onChange={event => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={placeholder ?? 'Message the agent…'}
        rows={1}
        aria-label="Message"
        disabled={disabled}
        data-testid="composer"
      />
      {running ? (
        <button type="button" className={`btn ${styles.sendButton} ${styles.stopButton}`} onClick={onStop} disabled={stopping} aria-label="Stop the run" title="Stop the run" data-testid="stop">
          <Square size={13} fill="currentColor" />
          <span className={styles.sendLabel}>{stopping ? 'Stopping…' : 'Stop'}</span>
        </button>
      ) : (
        <button type="submit" className={`btn btn-primary ${styles.sendButton}`} disabled={!canSend} aria-label="Send" title="Send (Enter)" data-testid="send">
          <ArrowUp size={16} />
        </button>
      )}
    </form>
  );
});
