'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { UNAUTHORIZED_EVENT, apiKey, setApiKey } from '@/lib/apiKey';

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

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="api-key-title" style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.45)', display: 'grid', placeItems: 'center', zIndex: 100 }}>
      <form onSubmit={submit} style={{ background: 'var(--surface, #fff)', color: 'inherit', padding: 24, borderRadius: 12, width: 'min(420px, 92vw)', display: 'grid', gap: 12 }}>
        <h2 id="api-key-title" style={{ margin: 0 }}>API key needed</h2>
        <p style={{ margin: 0 }}>
          {apiKey() ? 'The key you gave was not accepted.' : 'This Everruns API asks for a key.'} It is kept for this browser session only.
        </p>
        <input
          autoFocus
          type="password"
          aria-label="API key"
          placeholder="evr_…"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          style={{ padding: 8, fontSize: 14 }}
        />
        <button type="submit">Use this key</button>
      </form>
    </div>
  );
}
