'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { UNAUTHORIZED_EVENT, apiKey, setApiKey } from '@/lib/apiKey';
import styles from './ApiKeyPrompt.module.css';

/** Asks for an API key when the API answers 401, keeps it for the session, and reloads the page with it. */
export function ApiKeyPrompt() {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');

  useEffect(() => {
    const ask = () => setOpen(true);
    window.addEventListener(UNAUTHORIZED_EVENT, ask);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, ask);
  }, []);

  if (!open) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    setApiKey(value);
    window.location.reload();
  };

  // A key kept from before that the API now refuses was typed wrong, or has been revoked.
  const refused = apiKey() !== null;
  return (
    <div className={styles.backdrop}>
      <div role="dialog" aria-modal="true" aria-labelledby="api-key-title" className={`card ${styles.dialog}`}>
        <form className={styles.form} onSubmit={submit}>
          <h2 id="api-key-title">API key needed</h2>
          {refused ? (
            <p className="alert alert-error" role="alert">
              The key you gave was not accepted.
            </p>
          ) : (
            <p>This Everruns API asks for a key.</p>
          )}
          <p className="muted">It is kept for this browser session only.</p>
          <input
            autoFocus
            className="input"
            type="password"
            autoComplete="off"
            aria-label="API key"
            placeholder="evr_…"
            value={value}
            onChange={event => setValue(event.target.value)}
          />
          <button type="submit" className="btn btn-primary">
            Use this key
          </button>
        </form>
      </div>
    </div>
  );
}
