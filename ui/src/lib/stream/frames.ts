// The run event stream's SSE frames: `id:` is the event's per-run sequence number, `data:` an AG-UI event.
// The event types are @ag-ui/core's; an event type this UI does not know still parses (views show it raw).

import { EventType, type AGUIEvent } from '@ag-ui/core';

export type AgUiEvent = AGUIEvent;

/** An event with its per-run sequence number (the SSE `id`). */
export interface SequencedEvent {
  seq: number;
  event: AgUiEvent;
}

/** One SSE frame as a client library hands it over. */
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

const TERMINAL_EVENT_TYPES = new Set<string>([EventType.RUN_FINISHED, EventType.RUN_ERROR]);

/** The server closes a turn's stream after one of these. */
export function isTerminalEvent(event: AgUiEvent): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type);
}

/**
 * Turns an SSE frame into a sequenced event, or null when it is not one (a frame without a numeric id
 * or with a body that is not an event object). The `event:` line wins over a missing `type`.
 */
export function parseFrame(frame: SseFrame): SequencedEvent | null {
  if (!frame.id || !/^\d+$/.test(frame.id)) return null;
  const seq = Number(frame.id);
  if (!Number.isSafeInteger(seq)) return null;
  let body: unknown;
  try {
    body = JSON.parse(frame.data);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : frame.event;
  if (!type) return null;
  return { seq, event: { ...record, type } as AgUiEvent };
}
