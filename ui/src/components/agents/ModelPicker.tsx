'use client';

import { useId, useState } from 'react';
import { KNOWN_MODELS, MODEL_GROUPS } from './models';

const OTHER = '__other__';

export function ModelPicker({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const id = useId();
  const [custom, setCustom] = useState(() => value !== '' && !KNOWN_MODELS.has(value));
  const selected = custom ? OTHER : value;
  return (
    <div className="field">
      <label htmlFor={id}>Model</label>
      <select
        id={id}
        className="select"
        value={selected}
        onChange={event => {
          if (event.target.value === OTHER) {
            setCustom(true);
          } else {
            setCustom(false);
            onChange(event.target.value);
          }
        }}
      >
        <option value="">Server default</option>
        {MODEL_GROUPS.map(group => (
          <optgroup key={group.label} label={group.label}>
            {group.models.map(model => (
              <option key={model.id} value={model.id}>
                {model.label}
              </option>
            ))}
          </optgroup>
        ))}
        <option value={OTHER}>Other model id…</option>
      </select>
      {custom ? (
        <input
          className="input mono"
          aria-label="Model id"
          placeholder="provider/model, e.g. openai/gpt-4.1"
          value={value}
          onChange={event => onChange(event.target.value.trim())}
          aria-invalid={Boolean(error)}
          autoFocus
        />
      ) : null}
      {error ? <span className="field-error">{error}</span> : <span className="field-hint">Providers other than the simulator need their key configured on the server.</span>}
    </div>
  );
}
