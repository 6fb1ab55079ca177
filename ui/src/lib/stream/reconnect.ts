// Following a run's event stream across disconnects: each connection asks for the events after the
// last sequence number seen (Last-Event-ID), drops anything at or below it, and reconnects with
// backoff until the run's turn ends. The transport is injected, so this logic is tested without a network.

import { isTerminalEvent, parseFrame, type SequencedEvent, type SseFrame } from './frames';

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Give up after this many failed connections in a row; Infinity never gives up. */
  maxAttempts: number;
  /** Up to this fraction of the delay is added or taken away at random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
  maxAttempts: 20,
  jitter: 0.2,
};

/** The wait before reconnect attempt `attempt` (1-based). `random` returns a number in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const raw = Math.min(policy.maxDelayMs, policy.initialDelayMs * Math.pow(policy.factor, exponent));
  const spread = raw * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, raw + spread)));
}

/** The headers that resume a stream after `lastSeq` (none for a stream from the start). */
export function resumeHeaders(lastSeq: number): Record<string, string> {
  return lastSeq > 0 ? { 'Last-Event-ID': String(lastSeq) } : {};
}

export function runEventsUrl(runId: string, baseUrl = '/api'): string {
  return `${baseUrl}/v1/runs/${encodeURIComponent(runId)}/events`;
}

/** A non-2xx answer to the stream request. 4xx other than 408 and 429 are not worth retrying. */
export class StreamHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StreamHttpError';
  }

  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  onOpen: () => void;
  onFrame: (frame: SseFrame) => void;
}

/**
 * Opens one connection. Resolves when the server ends the stream (or the signal aborts), rejects on
 * a network failure or with a StreamHttpError for a non-2xx answer.
 */
export type Transport = (request: TransportRequest) => Promise<void>;

export type ConnectionState =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'retrying'; attempt: number; delayMs: number; error?: unknown }
  | { state: 'closed'; reason: FollowResult['reason'] };

export interface FollowResult {
  reason: 'ended' | 'aborted' | 'inactive' | 'failed' | 'gave-up';
  lastSeq: number;
  error?: unknown;
}

export interface FollowOptions {
  runId: string;
  /** The last sequence number already applied: the stream resumes after it. */
  lastSeq: number;
  transport: Transport;
  onEvent: (event: SequencedEvent) => void;
  onConnection?: (state: ConnectionState) => void;
  signal?: AbortSignal;
  baseUrl?: string;
  policy?: BackoffPolicy;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Asked when a connection ended without a terminal event: false means the run is no longer active
   * (nothing more will come), so following stops.
   */
  isRunActive?: () => Promise<boolean>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows a run's events until its turn ends (RUN_FINISHED or RUN_ERROR), the signal aborts, or
 * reconnecting stops making sense. Each event reaches `onEvent` once, in order, even when a
 * connection replays events it has already delivered.
 */
export async function followRunEvents(options: FollowOptions): Promise<FollowResult> {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? abortableSleep;
  const signal = options.signal ?? new AbortController().signal;
  const url = runEventsUrl(options.runId, options.baseUrl);
  let lastSeq = options.lastSeq;
  let failures = 0;
  let ended = false;

  const close = (reason: FollowResult['reason'], error?: unknown): FollowResult => {
    options.onConnection?.({ state: 'closed', reason });
    return { reason, lastSeq, error };
  };

  while (true) {
    if (signal.aborted) return close('aborted');
    options.onConnection?.({ state: 'connecting', attempt: failures + 1 });
    let error: unknown;
    let received = false;
    try {
      await options.transport({
        url,
        headers: resumeHeaders(lastSeq),
        signal,
        onOpen: () => options.onConnection?.({ state: 'open' }),
        onFrame: frame => {
          if (ended) return;
          const parsed = parseFrame(frame);
          if (!parsed || parsed.seq <= lastSeq) return;
          lastSeq = parsed.seq;
          received = true;
          if (isTerminalEvent(parsed.event)) ended = true;
          options.onEvent(parsed);
        },
      });
    } catch (caught) {
      error = caught;
    }

    if (signal.aborted) return close('aborted');
    if (ended) return close('ended');
    if (error instanceof StreamHttpError && !error.retryable) return close('failed', error);
    if (received) failures = 0;

    if (error === undefined && options.isRunActive) {
      // The server closed the stream without a terminal event: maybe there is nothing more to come.
      let active = true;
      try {
        active = await options.isRunActive();
      } catch {
        active = true;
      }
      if (signal.aborted) return close('aborted');
      if (!active) return close('inactive');
    }

    failures++;
    if (failures > policy.maxAttempts) return close('gave-up', error);
    const delayMs = backoffDelay(failures, policy, options.random);
    options.onConnection?.({ state: 'retrying', attempt: failures, delayMs, error });
    await sleep(delayMs, signal);
  }
}
