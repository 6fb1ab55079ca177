'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { applyTheme, readTheme, type ThemeChoice } from '@/lib/theme';
import styles from './ThemeToggle.module.css';

const CHOICES: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: 'system', label: 'System theme', icon: Monitor },
  { value: 'light', label: 'Light theme', icon: Sun },
  { value: 'dark', label: 'Dark theme', icon: Moon },
];

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function choose(choice: ThemeChoice) {
  applyTheme(choice);
  listeners.forEach(listener => listener());
}

export function ThemeToggle({ compact = false }: { compact?: boolean }) {
  const current = useSyncExternalStore(subscribe, readTheme, () => 'system' as ThemeChoice);

  if (compact) {
    const index = CHOICES.findIndex(choice => choice.value === current);
    const next = CHOICES[(index + 1) % CHOICES.length]!;
    const Icon = CHOICES[index]?.icon ?? Monitor;
    return (
      <button className="btn btn-ghost btn-icon" onClick={() => choose(next.value)} aria-label={`Theme: ${current}. Switch to ${next.label.toLowerCase()}`} title={`Switch to ${next.label.toLowerCase()}`}>
        <Icon size={17} />
      </button>
    );
  }

  return (
    <div className={styles.group} role="radiogroup" aria-label="Theme">
      {CHOICES.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          role="radio"
          aria-checked={current === value}
          aria-label={label}
          title={label}
          className={`${styles.option} ${current === value ? styles.selected : ''}`}
          onClick={() => choose(value)}
        >
          <Icon size={15} />
        </button>
      ))}
    </div>
  );
}
