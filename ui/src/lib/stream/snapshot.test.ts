import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import { applyEvents, initialRunState } from './reducer';
import { clearSnapshot, lastSeenSeq, loadSnapshot, saveSnapshot, snapshotKey, type KeyValueStorage } from './snapshot';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: key => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: key => void data.delete(key),
  };
}

const state = applyEvents(initialRunState({ keepRaw: true }), [
  { seq: 1, event: { type: EventType.RUN_STARTED, threadId: 't', runId: 'r' } },
  { seq: 2, event: { type: EventType.TEXT_MESSAGE_START, messageId: 'm', role: 'assistant' } },
  { seq: 3, event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'hi' } },
]);

describe('run stream snapshots', () => {
  it('round-trips the state with its sequence number, without the raw log', () => {
    const storage = memoryStorage();
    saveSnapshot(storage, 'r', state);
    const loaded = loadSnapshot(storage, 'r');
    expect(loaded).toEqual({ ...state, raw: undefined });
    expect(lastSeenSeq(storage, 'r')).toBe(3);
    expect(lastSeenSeq(storage, 'other')).toBe(0);
  });

  it('stores nothing before the first event', () => {
    const storage = memoryStorage();
    saveSnapshot(storage, 'r', initialRunState());
    expect(storage.data.size).toBe(0);
  });

  it('ignores snapshots it cannot trust', () => {
    const storage = memoryStorage();
    storage.setItem(snapshotKey('a'), '{not json');
    storage.setItem(snapshotKey('b'), JSON.stringify({ v: 99, seq: 3, state }));
    storage.setItem(snapshotKey('c'), JSON.stringify({ v: 1, seq: 4, state }));
    expect(loadSnapshot(storage, 'a')).toBeUndefined();
    expect(loadSnapshot(storage, 'b')).toBeUndefined();
    expect(loadSnapshot(storage, 'c')).toBeUndefined();
  });

  it('survives storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveSnapshot(broken, 'r', state)).not.toThrow();
    expect(loadSnapshot(broken, 'r')).toBeUndefined();
    expect(() => clearSnapshot(broken, 'r')).not.toThrow();
  });

  it('clears a snapshot', () => {
    const storage = memoryStorage();
    saveSnapshot(storage, 'r', state);
    clearSnapshot(storage, 'r');
    expect(loadSnapshot(storage, 'r')).toBeUndefined();
  });
});
