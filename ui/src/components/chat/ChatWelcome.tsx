import { Bot } from 'lucide-react';
import type { Agent } from '@/lib/types';
import styles from './chat.module.css';

const SUGGESTIONS = [
  { label: 'Say hello', text: 'Hello! What can you do?' },
  { label: 'Use a tool', text: 'What time is it? [tool:current_time]' },
  { label: 'Long answer', text: 'Tell me a long story. [long:300]' },
];

/** What an empty chat shows: the agent, and a few messages to start with. */
export function ChatWelcome({ agent, disabled, onSend }: { agent: Agent | undefined; disabled: boolean; onSend: (text: string) => void }) {
  return (
    <div className={styles.welcome}>
      <Bot size={28} />
      <h2>{agent ? `Chat with ${agent.name}` : 'Start a conversation'}</h2>
      <p style={{ margin: 0 }}>{agent?.description || 'Answers stream in as they are written. Tool calls show up as cards.'}</p>
      <div className={styles.suggestions}>
        {SUGGESTIONS.map(suggestion => (
          <button key={suggestion.label} className="btn btn-sm" onClick={() => onSend(suggestion.text)} disabled={disabled}>
            {suggestion.label}
          </button>
        ))}
      </div>
    </div>
  );
}
