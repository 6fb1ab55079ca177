// AG-UI events as the run event stream sends them: camelCase fields, a SCREAMING_SNAKE `type`,
// a `timestamp` in milliseconds, optional fields left out.

export interface AgUiInterrupt {
  id: string;
  reason: string;
  message?: string;
  toolCallId?: string;
  responseSchema?: unknown;
  expiresAt?: string;
  metadata?: unknown;
  [key: string]: unknown;
}

export type RunOutcome =
  | { type: 'success'; pendingToolCallIds?: string[] }
  | { type: 'interrupt'; interrupts: AgUiInterrupt[] }
  | { type: 'cancelled' };

interface Base {
  timestamp?: number;
}

export interface RunStartedEvent extends Base { type: 'RUN_STARTED'; threadId: string; runId: string }
export interface RunFinishedEvent extends Base { type: 'RUN_FINISHED'; threadId: string; runId: string; outcome?: RunOutcome; result?: unknown }
export interface RunErrorEvent extends Base { type: 'RUN_ERROR'; message: string; code?: string }
export interface StepStartedEvent extends Base { type: 'STEP_STARTED'; stepName: string }
export interface StepFinishedEvent extends Base { type: 'STEP_FINISHED'; stepName: string }
export interface TextMessageStartEvent extends Base { type: 'TEXT_MESSAGE_START'; messageId: string; role?: string }
export interface TextMessageContentEvent extends Base { type: 'TEXT_MESSAGE_CONTENT'; messageId: string; delta: string }
export interface TextMessageEndEvent extends Base { type: 'TEXT_MESSAGE_END'; messageId: string }
export interface ToolCallStartEvent extends Base { type: 'TOOL_CALL_START'; toolCallId: string; toolCallName: string; parentMessageId?: string }
export interface ToolCallArgsEvent extends Base { type: 'TOOL_CALL_ARGS'; toolCallId: string; delta: string }
export interface ToolCallEndEvent extends Base { type: 'TOOL_CALL_END'; toolCallId: string }
export interface ToolCallResultEvent extends Base { type: 'TOOL_CALL_RESULT'; messageId: string; toolCallId: string; content: string; role?: string }
export interface CustomEvent extends Base { type: 'CUSTOM'; name: string; value: unknown }

export type KnownEvent =
  | RunStartedEvent
  | RunFinishedEvent
  | RunErrorEvent
  | StepStartedEvent
  | StepFinishedEvent
  | TextMessageStartEvent
  | TextMessageContentEvent
  | TextMessageEndEvent
  | ToolCallStartEvent
  | ToolCallArgsEvent
  | ToolCallEndEvent
  | ToolCallResultEvent
  | CustomEvent;

/** Any event: the known ones, and others (snapshots, raw, ...) that the views show but do not interpret. */
export type AgUiEvent = KnownEvent | (Base & { type: string; [key: string]: unknown });

/** An event with its per-run sequence number (the SSE `id`). */
export interface SequencedEvent {
  seq: number;
  event: AgUiEvent;
}

export const TERMINAL_EVENT_TYPES = new Set(['RUN_FINISHED', 'RUN_ERROR']);

export function isTerminalEvent(event: AgUiEvent): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type);
}

/** One SSE frame as a client library hands it over. */
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
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
