import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import type { AgUiEvent, SequencedEvent } from './frames';
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  followRunEvents,
  resumeHeaders,
  StreamHttpError,
  type ConnectionState,
  type Transport,
  type TransportRequest,
} from './reconnect';
import { applyEvent, initialRunState, type RunStreamState, type TextItem } from './reducer';
import { loadSnapshot, saveSnapshot, type KeyValueStorage } from './snapshot';

/** The events of a run as the API stores them: seq 1..n. */
function storedRun(tokens: string[], terminal: AgUiEvent = { type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' }): SequencedEvent[] {
  const events: AgUiEvent[] = [
    { type: EventType.RUN_STARTED, threadId: 't', runId: 'r' },
    { type: EventType.TEXT_MESSAGE_START, messageId: 'm', role: 'assistant' },
    ...tokens.map((delta): AgUiEvent => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId: 'm' },
    terminal,
  ];
  return events.map((event, index) => ({ seq: index + 1, event }));
}

type Step =
  | { deliver: 'all' }
  | { deliver: number; then?: 'close' | 'fail' }
  | { fail: unknown }
  | { replayFrom: number; deliver: 'all' | number; then?: 'close' | 'fail' };

/**
 * A fake server: each connection serves the stored events after the Last-Event-ID it was given (or,
 * for `replayFrom`, deliberately from an earlier point, as a careless server might), and ends as the
 * script says. It records the headers of every connection.
 */
function scriptedServer(events: SequencedEvent[], script: Step[]) {
  const requests: TransportRequest['headers'][] = [];
  let connection = 0;
  const transport: Transport = async request => {
    requests.push(request.headers);
    const step = script[Math.min(connection, script.length - 1)]!;
    connection++;
    if ('fail' in step) throw step.fail;
    request.onOpen();
    const after = 'replayFrom' in step ? step.replayFrom - 1 : Number(request.headers['Last-Event-ID'] ?? 0);
    const pending = events.filter(event => event.seq > after);
    const count = step.deliver === 'all' ? pending.length : step.deliver;
    for (const event of pending.slice(0, count)) {
      if (request.signal.aborted) return;
      request.onFrame({ id: String(event.seq), event: event.event.type, data: JSON.stringify(event.event) });
    }
    if ('then' in step && step.then === 'fail') throw new TypeError('network error');
  };
  return { transport, requests };
}

const noSleep = async () => {};

function collect() {
  const received: SequencedEvent[] = [];
  return { received, onEvent: (event: SequencedEvent) => received.push(event) };
}

describe('followRunEvents', () => {
  it('reconnects after a dropped connection with Last-Event-ID and delivers each event once', async () => {
    const events = storedRun(['one ', 'two ', 'three']);
    const server = scriptedServer(events, [{ deliver: 3, then: 'close' }, { deliver: 'all' }]);
    const { received, onEvent } = collect();
    const result = await followRunEvents({ runId: 'r', lastSeq: 0, transport: server.transport, onEvent, sleep: noSleep });
    expect(result).toEqual({ reason: 'ended', lastSeq: events.length, error: undefined });
    expect(received.map(event => event.seq)).toEqual(events.map(event => event.seq));
    expect(server.requests).toEqual([{}, { 'Last-Event-ID': '3' }]);
  });

  it('drops events a reconnect replays again', async () => {
    const events = storedRun(['a', 'b', 'c', 'd']);
    const server = scriptedServer(events, [{ deliver: 5, then: 'fail' }, { replayFrom: 2, deliver: 'all' }]);
    const { received, onEvent } = collect();
    let state: RunStreamState = initialRunState();
    await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent: event => {
        onEvent(event);
        state = applyEvent(state, event);
      },
      sleep: noSleep,
    });
    expect(received.map(event => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((state.items[0] as TextItem).text).toBe('abcd');
    expect(state.status).toBe('completed');
  });

  it('resumes from the sequence number it is given', async () => {
    const events = storedRun(['x', 'y']);
    const server = scriptedServer(events, [{ deliver: 'all' }]);
    const { received, onEvent } = collect();
    await followRunEvents({ runId: 'r', lastSeq: 3, transport: server.transport, onEvent, sleep: noSleep });
    expect(server.requests).toEqual([{ 'Last-Event-ID': '3' }]);
    expect(received.map(event => event.seq)).toEqual([4, 5, 6]);
  });

  it('stops at RUN_ERROR like at RUN_FINISHED', async () => {
    const events = storedRun(['x'], { type: EventType.RUN_ERROR, message: 'cancelled', code: 'cancelled' });
    const server = scriptedServer(events, [{ deliver: 'all' }]);
    const result = await followRunEvents({ runId: 'r', lastSeq: 0, transport: server.transport, onEvent: () => {}, sleep: noSleep });
    expect(result.reason).toBe('ended');
    expect(server.requests).toHaveLength(1);
  });

  it('backs off between failed connections and reports it', async () => {
    const events = storedRun(['x']);
    const server = scriptedServer(events, [{ fail: new TypeError('offline') }, { fail: new StreamHttpError(503, 'unavailable') }, { deliver: 'all' }]);
    const delays: number[] = [];
    const states: ConnectionState[] = [];
    const result = await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent: () => {},
      onConnection: state => states.push(state),
      random: () => 0.5,
      sleep: async ms => {
        delays.push(ms);
      },
    });
    expect(result.reason).toBe('ended');
    expect(delays).toEqual([500, 1000]);
    expect(states.filter(state => state.state === 'retrying').map(state => (state as { attempt: number }).attempt)).toEqual([1, 2]);
    expect(states.at(-1)).toEqual({ state: 'closed', reason: 'ended' });
  });

  it('does not retry an answer that will not change (404)', async () => {
    const server = scriptedServer([], [{ fail: new StreamHttpError(404, 'Run not found') }]);
    const result = await followRunEvents({ runId: 'r', lastSeq: 0, transport: server.transport, onEvent: () => {}, sleep: noSleep });
    expect(result.reason).toBe('failed');
    expect(result.error).toBeInstanceOf(StreamHttpError);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the policy allows no more attempts', async () => {
    const server = scriptedServer([], [{ fail: new TypeError('offline') }]);
    const result = await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent: () => {},
      policy: { ...DEFAULT_BACKOFF, maxAttempts: 3 },
      sleep: noSleep,
    });
    expect(result.reason).toBe('gave-up');
    expect(server.requests).toHaveLength(4);
  });

  it('counts failures afresh once a connection delivered events', async () => {
    const events = storedRun(['a', 'b', 'c', 'd', 'e']);
    // Each connection delivers one event and drops: with 2 attempts allowed in a row it still finishes.
    const server = scriptedServer(events, [{ deliver: 1, then: 'fail' }]);
    const { received, onEvent } = collect();
    const result = await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent,
      policy: { ...DEFAULT_BACKOFF, maxAttempts: 2 },
      sleep: noSleep,
    });
    expect(result.reason).toBe('ended');
    expect(received).toHaveLength(events.length);
  });

  it('stops when the stream closes quietly and the run is no longer active', async () => {
    const events = storedRun(['a']).slice(0, 2);
    const server = scriptedServer(events, [{ deliver: 'all' }]);
    let asked = 0;
    const result = await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent: () => {},
      sleep: noSleep,
      isRunActive: async () => {
        asked++;
        return asked < 2;
      },
    });
    expect(result).toMatchObject({ reason: 'inactive', lastSeq: 2 });
    expect(server.requests).toEqual([{}, { 'Last-Event-ID': '2' }]);
  });

  it('stops without reconnecting when aborted', async () => {
    const controller = new AbortController();
    const events = storedRun(['a', 'b', 'c']);
    const { received, onEvent } = collect();
    const server = scriptedServer(events, [{ deliver: 'all' }]);
    const result = await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: server.transport,
      onEvent: event => {
        onEvent(event);
        if (event.seq === 2) controller.abort();
      },
      signal: controller.signal,
      sleep: noSleep,
    });
    expect(result.reason).toBe('aborted');
    expect(received.map(event => event.seq)).toEqual([1, 2]);
    expect(server.requests).toHaveLength(1);
  });

  it('asks the run events URL of the API through the same origin', async () => {
    const urls: string[] = [];
    await followRunEvents({
      runId: 'a b',
      lastSeq: 0,
      transport: async request => {
        urls.push(request.url);
        request.onFrame({ id: '1', data: JSON.stringify({ type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' }) });
      },
      onEvent: () => {},
      sleep: noSleep,
    });
    expect(urls).toEqual(['/api/v1/runs/a%20b/events']);
  });
});

describe('backoffDelay and resumeHeaders', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, maxAttempts: 10, jitter: 0.2 };

  it('doubles up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map(attempt => backoffDelay(attempt, policy, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays within the jitter and the cap', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(80);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(120);
    expect(backoffDelay(9, policy, () => 0.999999)).toBe(1000);
  });

  it('sends Last-Event-ID only once something was seen', () => {
    expect(resumeHeaders(0)).toEqual({});
    expect(resumeHeaders(42)).toEqual({ 'Last-Event-ID': '42' });
  });
});

describe('reload in the middle of an answer', () => {
  function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return {
      data,
      getItem: key => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: key => void data.delete(key),
    };
  }

  it('restores the saved state and resumes after its sequence number: the answer completes exactly once', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `t${i} `);
    const events = storedRun(tokens);
    const storage = memoryStorage();

    // First page: follows until the reload (which aborts it) after event 9, saving as it goes.
    const firstPage = new AbortController();
    let state = initialRunState();
    await followRunEvents({
      runId: 'r',
      lastSeq: 0,
      transport: scriptedServer(events, [{ deliver: 'all' }]).transport,
      signal: firstPage.signal,
      onEvent: event => {
        state = applyEvent(state, event);
        saveSnapshot(storage, 'r', state);
        if (event.seq === 9) firstPage.abort();
      },
      sleep: noSleep,
    });
    expect(state.lastSeq).toBe(9);

    // Second page: starts from the snapshot, not from the events.
    let restored = loadSnapshot(storage, 'r')!;
    expect(restored.lastSeq).toBe(9);
    const server = scriptedServer(events, [{ deliver: 'all' }]);
    await followRunEvents({
      runId: 'r',
      lastSeq: restored.lastSeq,
      transport: server.transport,
      onEvent: event => {
        restored = applyEvent(restored, event);
      },
      sleep: noSleep,
    });
    expect(server.requests).toEqual([{ 'Last-Event-ID': '9' }]);
    expect((restored.items[0] as TextItem).text).toBe(tokens.join(''));
    expect(restored.items).toHaveLength(1);
    expect(restored.status).toBe('completed');
  });
});
