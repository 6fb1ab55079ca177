'use client';

// Follows a run's event stream into reducer state. With `persist`, the state and its last sequence number
// are kept in session storage, so a reload shows what was there and resumes right after it.

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ACTIVE_RUN_STATUSES } from '../types';
import type { SequencedEvent } from './frames';
import { followRunEvents, type ConnectionState } from './reconnect';
import { applyEvent, initialRunState, isFinal, isSettled, type RunStreamState } from './reducer';
import { loadSnapshot, saveSnapshot } from './snapshot';
import { fetchTransport } from './transport';

export interface RunStreamOptions {
  persist?: boolean;
  keepRaw?: boolean;
  /**
   * Connect to the stream (default true). Off, the hook shows what a snapshot kept, and only finishes
   * a stream it has seen in part.
   */
  follow?: boolean;
  /** Called once the run's turn has ended (finished, failed, cancelled or paused). */
  onSettled?: (state: RunStreamState) => void;
}

export interface RunStream {
  state: RunStreamState;
  connection: ConnectionState | undefined;
  /** Follows again from the last event seen, e.g. after answering an approval. */
  resume: () => void;
}

const SAVE_EVERY_MS = 150;

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

function startingState(runId: string | undefined, options: RunStreamOptions): RunStreamState {
  const store = storage();
  if (runId && options.persist && store) {
    const restored = loadSnapshot(store, runId);
    if (restored) return options.keepRaw ? { ...restored, raw: undefined } : restored;
  }
  return initialRunState({ keepRaw: options.keepRaw, runId });
}

export function useRunStream(runId: string | undefined, options: RunStreamOptions = {}): RunStream {
  const { persist = false, keepRaw = false, follow = true } = options;
  const [current, setCurrent] = useState<{ runId: string | undefined; state: RunStreamState }>(() => ({
    runId,
    state: startingState(runId, { persist, keepRaw }),
  }));
  const [connection, setConnection] = useState<ConnectionState | undefined>();
  const [generation, setGeneration] = useState(0);
  const stateRef = useRef(current.state);
  const onSettledRef = useRef(options.onSettled);

  useEffect(() => {
    onSettledRef.current = options.onSettled;
  }, [options.onSettled]);

  // A different run: start from its snapshot (or from nothing).
  if (current.runId !== runId) {
    const state = startingState(runId, { persist, keepRaw });
    setCurrent({ runId, state });
  }

  useEffect(() => {
    stateRef.current = current.state;
  }, [current.state]);

  // A stream seen in part is always followed to its end, even when the caller thinks the run is over:
  // the events that finish it are still to come.
  const shown = current.runId === runId ? current.state : undefined;
  const connect = follow || Boolean(shown && shown.status !== 'idle' && !isFinal(shown));

  useEffect(() => {
    if (!runId || !connect) return;
    const startFrom = stateRef.current.runId === runId || stateRef.current.lastSeq === 0 ? stateRef.current : startingState(runId, { persist, keepRaw });
    // A run already known to be over needs no connection; a paused one waits for resume().
    if (isFinal(startFrom) || (startFrom.status === 'waiting' && generation === 0)) return;

    const controller = new AbortController();
    let state = startFrom;
    let lastSaved = 0;
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    const store = persist ? storage() : undefined;
    const save = () => {
      saveTimer = undefined;
      lastSaved = Date.now();
      if (store) saveSnapshot(store, runId, state);
    };
    const onPageHide = () => save();
    if (store) window.addEventListener('pagehide', onPageHide);

    const onEvent = (event: SequencedEvent) => {
      state = applyEvent(state, event);
      stateRef.current = state;
      setCurrent({ runId, state });
      if (store) {
        if (isSettled(state) || Date.now() - lastSaved >= SAVE_EVERY_MS) save();
        else saveTimer ??= setTimeout(save, SAVE_EVERY_MS);
      }
      if (isSettled(state)) onSettledRef.current?.(state);
    };

    void followRunEvents({
      runId,
      lastSeq: state.lastSeq,
      transport: fetchTransport,
      onEvent,
      onConnection: setConnection,
      signal: controller.signal,
      isRunActive: async () => {
        const run = await api.getRun(runId, controller.signal);
        return ACTIVE_RUN_STATUSES.includes(run.status) && run.status !== 'waiting';
      },
    });

    return () => {
      controller.abort();
      if (saveTimer) clearTimeout(saveTimer);
      if (store) {
        save();
        window.removeEventListener('pagehide', onPageHide);
      }
    };
  }, [runId, persist, keepRaw, connect, generation]);

  const resume = useCallback(() => setGeneration(value => value + 1), []);

  return { state: current.runId === runId ? current.state : startingState(runId, { persist, keepRaw }), connection, resume };
}
