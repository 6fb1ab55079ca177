// Keeps a run's folded stream state with its last sequence number in session storage, so a reloaded
// page shows what it had and resumes the stream right after it (Last-Event-ID), losing and doubling nothing.
// The state and the sequence number are written together: the state is always exactly the events up to it.

import type { RunStreamState } from './reducer';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const VERSION = 1;

interface Snapshot {
  v: number;
  seq: number;
  state: RunStreamState;
}

export function snapshotKey(runId: string): string {
  return `everruns:run-stream:${runId}`;
}

export function saveSnapshot(storage: KeyValueStorage, runId: string, state: RunStreamState): void {
  if (state.lastSeq <= 0) return;
  // Raw event logs are for the run page, which always replays: they are not worth the space.
  const snapshot: Snapshot = { v: VERSION, seq: state.lastSeq, state: { ...state, raw: undefined } };
  try {
    storage.setItem(snapshotKey(runId), JSON.stringify(snapshot));
  } catch {
    // Full or unavailable storage: a reload then replays the stream from the start, which is also correct.
  }
}

export function loadSnapshot(storage: KeyValueStorage, runId: string): RunStreamState | undefined {
  let text: string | null;
  try {
    text = storage.getItem(snapshotKey(runId));
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    const snapshot = JSON.parse(text) as Partial<Snapshot>;
    if (snapshot.v !== VERSION || typeof snapshot.seq !== 'number' || !snapshot.state) return undefined;
    const state = snapshot.state;
    if (state.lastSeq !== snapshot.seq || !Array.isArray(state.items)) return undefined;
    return state;
  } catch {
    return undefined;
  }
}

/** The last sequence number seen for a run, 0 when none is stored. */
export function lastSeenSeq(storage: KeyValueStorage, runId: string): number {
  return loadSnapshot(storage, runId)?.lastSeq ?? 0;
}

export function clearSnapshot(storage: KeyValueStorage, runId: string): void {
  try {
    storage.removeItem(snapshotKey(runId));
  } catch {
    // Nothing to do.
  }
}
