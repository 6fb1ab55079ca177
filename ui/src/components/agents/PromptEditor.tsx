'use client';

import { useId, useState } from 'react';
import { Markdown } from '../Markdown';
import styles from './agents.module.css';

export function PromptEditor({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const id = useId();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  return (
    <div className="field">
      <div className={styles.editorHead}>
        <label htmlFor={id}>System prompt</label>
        <div className={styles.tabs} role="tablist" aria-label="System prompt view">
          {(['write', 'preview'] as const).map(name => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              aria-controls={`${id}-${name}`}
              className={`${styles.tab} ${tab === name ? styles.tabActive : ''}`}
              onClick={() => setTab(name)}
            >
              {name === 'write' ? 'Write' : 'Preview'}
            </button>
          ))}
        </div>
      </div>
      {tab === 'write' ? (
        <textarea
          id={id}
          className={`textarea mono ${styles.prompt}`}
          value={value}
          onChange={event => onChange(event.target.value)}
          placeholder={'You are a helpful assistant.\n\nMarkdown works: **bold**, lists, `code`…'}
          aria-invalid={Boolean(error)}
          spellCheck
        />
      ) : (
        <div id={`${id}-preview`} role="tabpanel" className={styles.preview} data-testid="prompt-preview">
          {value.trim() ? <Markdown>{value}</Markdown> : <span className="faint">Nothing to preview.</span>}
        </div>
      )}
      <div className="row">
        {error ? <span className="field-error">{error}</span> : <span className="field-hint">Markdown. The agent gets it as its system message.</span>}
        <span className="spacer" />
        <span className="field-hint">{value.length.toLocaleString()} characters</span>
      </div>
    </div>
  );
}
