// The AG-UI event reducer: folds a run's sequenced events into what the views show (messages with
// streaming text, tool calls with their arguments and results, steps, usage, status, errors).
// Pure: no I/O, no clocks. Every event carries the run's sequence number; an event at or below the
// last one applied is ignored, so a replay after a reconnect never doubles text.

import { contentToText, EventType, type Interrupt } from '@ag-ui/core';
import type { AgUiEvent, SequencedEvent } from './frames';

export type StreamStatus = 'idle' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export interface TextItem {
  kind: 'text';
  id: string;
  role: string;
  text: string;
  streaming: boolean;
  /** The run was stopped while this answer streamed; the server kept it as far as it went. */
  cutShort?: boolean;
  startedAt?: number;
  endedAt?: number;
}

export type ToolCallStatus = 'streaming' | 'called' | 'completed';

export interface ToolItem {
  kind: 'tool';
  /** The tool call id. */
  id: string;
  name: string;
  /** The JSON arguments as streamed so far. */
  argsText: string;
  parentMessageId?: string;
  status: ToolCallStatus;
  result?: string;
  resultMessageId?: string;
  startedAt?: number;
  endedAt?: number;
  resultAt?: number;
}

export type StreamItem = TextItem | ToolItem;

export interface StepView {
  name: string;
  startedAt?: number;
  finishedAt?: number;
}

export interface ModelUsage {
  model?: string;
  iteration?: number;
  inputTokens: number;
  outputTokens: number;
  /** Counted by Everruns, not reported by the provider (an answer cut short). */
  estimated?: boolean;
}

export interface RunError {
  message: string;
  code?: string;
}

export interface RawEvent {
  seq: number;
  event: AgUiEvent;
}

export interface RunStreamState {
  runId?: string;
  threadId?: string;
  /** The sequence number of the last event applied; 0 before any. */
  lastSeq: number;
  status: StreamStatus;
  items: StreamItem[];
  steps: StepView[];
  usage: ModelUsage[];
  /** Open interrupts (approvals) of a run that paused. */
  interrupts: Interrupt[];
  error?: RunError;
  startedAt?: number;
  finishedAt?: number;
  /** How many turns the run has had (RUN_STARTED events): more than one after an approval. */
  turns: number;
  /** Every event applied, when the state was created with `keepRaw`. */
  raw?: RawEvent[];
}

export function initialRunState(options: { keepRaw?: boolean; runId?: string } = {}): RunStreamState {
  return {
    runId: options.runId,
    lastSeq: 0,
    status: 'idle',
    items: [],
    steps: [],
    usage: [],
    interrupts: [],
    turns: 0,
    raw: options.keepRaw ? [] : undefined,
  };
}

/** True once the run's turn has ended: the server closes the stream after such an event. */
export function isSettled(state: RunStreamState): boolean {
  return state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled' || state.status === 'waiting';
}

/** True when nothing more can happen to the run (a waiting run can still be resumed). */
export function isFinal(state: RunStreamState): boolean {
  return state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled';
}

export function applyEvents(state: RunStreamState, events: Iterable<SequencedEvent>): RunStreamState {
  let next = state;
  for (const event of events) next = applyEvent(next, event);
  return next;
}

export function applyEvent(state: RunStreamState, { seq, event }: SequencedEvent): RunStreamState {
  if (!Number.isFinite(seq) || seq <= state.lastSeq) return state;
  const base: RunStreamState = {
    ...state,
    lastSeq: seq,
    raw: state.raw ? [...state.raw, { seq, event }] : undefined,
  };
  return reduceKnown(base, event);
}

function reduceKnown(state: RunStreamState, event: AgUiEvent): RunStreamState {
  const at = typeof event.timestamp === 'number' ? event.timestamp : undefined;
  switch (event.type) {
    case EventType.RUN_STARTED:
      return {
        ...state,
        runId: state.runId ?? event.runId,
        threadId: event.threadId ?? state.threadId,
        status: 'running',
        interrupts: [],
        error: undefined,
        startedAt: state.startedAt ?? at,
        finishedAt: undefined,
        turns: state.turns + 1,
      };

    case EventType.RUN_FINISHED: {
      const outcome = event.outcome;
      const closed = closeOpenItems(state.items, at);
      if (outcome?.type === 'interrupt') {
        return { ...state, items: closed, status: 'waiting', interrupts: outcome.interrupts ?? [], finishedAt: at };
      }
      return {
        ...state,
        items: closed,
        status: outcome?.type === 'cancelled' ? 'cancelled' : 'completed',
        interrupts: [],
        finishedAt: at,
      };
    }

    case EventType.RUN_ERROR:
      return {
        ...state,
        items: closeOpenItems(state.items, at),
        status: event.code === 'cancelled' ? 'cancelled' : 'failed',
        interrupts: [],
        error: { message: event.message, code: event.code },
        finishedAt: at,
      };

    case EventType.STEP_STARTED:
      return { ...state, steps: [...state.steps, { name: event.stepName, startedAt: at }] };

    case EventType.STEP_FINISHED: {
      // The most recent open step of that name.
      const index = findLastIndex(state.steps, step => step.name === event.stepName && step.finishedAt === undefined);
      if (index < 0) return { ...state, steps: [...state.steps, { name: event.stepName, finishedAt: at }] };
      const steps = state.steps.slice();
      steps[index] = { ...steps[index]!, finishedAt: at ?? steps[index]!.startedAt };
      return { ...state, steps };
    }

    case EventType.TEXT_MESSAGE_START:
      if (findItem(state, 'text', event.messageId)) return state;
      return {
        ...state,
        items: [...state.items, { kind: 'text', id: event.messageId, role: event.role ?? 'assistant', text: '', streaming: true, startedAt: at }],
      };

    case EventType.TEXT_MESSAGE_CONTENT:
      return upsertText(state, event.messageId, item => ({ ...item, text: item.text + (event.delta ?? ''), streaming: true }), at);

    case EventType.TEXT_MESSAGE_END:
      return upsertText(state, event.messageId, item => ({ ...item, streaming: false, endedAt: at }), at);

    case EventType.TOOL_CALL_START: {
      const existing = findItem(state, 'tool', event.toolCallId);
      if (existing) return state;
      const item: ToolItem = {
        kind: 'tool',
        id: event.toolCallId,
        name: event.toolCallName,
        argsText: '',
        parentMessageId: event.parentMessageId,
        status: 'streaming',
        startedAt: at,
      };
      return { ...state, items: [...state.items, item] };
    }

    case EventType.TOOL_CALL_ARGS:
      return upsertTool(state, event.toolCallId, item => ({ ...item, argsText: item.argsText + (event.delta ?? '') }), at);

    case EventType.TOOL_CALL_END:
      return upsertTool(state, event.toolCallId, item => ({ ...item, status: item.status === 'completed' ? 'completed' : 'called', endedAt: at }), at);

    case EventType.TOOL_CALL_RESULT:
      return {
        ...upsertTool(
          state,
          event.toolCallId,
          item => ({ ...item, status: 'completed', result: contentToText(event.content), resultMessageId: event.messageId, resultAt: at }),
          at,
        ),
        interrupts: state.interrupts.filter(interrupt => interrupt.toolCallId !== event.toolCallId),
      };

    case EventType.CUSTOM:
      if (event.name === 'everruns.model_usage' && typeof event.value === 'object' && event.value !== null) {
        const value = event.value as Record<string, unknown>;
        const usage: ModelUsage = {
          model: typeof value.model === 'string' ? value.model : undefined,
          iteration: typeof value.iteration === 'number' ? value.iteration : undefined,
          inputTokens: numberOr0(value.input_tokens ?? value.inputTokens),
          outputTokens: numberOr0(value.output_tokens ?? value.outputTokens),
        };
        if (value.estimated === true) usage.estimated = true;
        const next = { ...state, usage: [...state.usage, usage] };
        // The usage of an answer the run was stopped in names that answer: it was kept, cut short.
        const cutShort = value.cut_short === true && typeof value.message_id === 'string' ? value.message_id : undefined;
        return cutShort && findItem(next, 'text', cutShort) ? upsertText(next, cutShort, item => ({ ...item, cutShort: true }), at) : next;
      }
      return state;

    default:
      return state;
  }
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

function findItem<K extends StreamItem['kind']>(state: RunStreamState, kind: K, id: string) {
  return state.items.find(item => item.kind === kind && item.id === id) as Extract<StreamItem, { kind: K }> | undefined;
}

function upsertText(state: RunStreamState, id: string, change: (item: TextItem) => TextItem, at?: number): RunStreamState {
  const index = state.items.findIndex(item => item.kind === 'text' && item.id === id);
  const items = state.items.slice();
  if (index < 0) {
    // Content for a message whose start we never saw (a stream resumed without its earlier state).
    items.push(change({ kind: 'text', id, role: 'assistant', text: '', streaming: true, startedAt: at }));
  } else {
    items[index] = change(items[index] as TextItem);
  }
  return { ...state, items };
}

function upsertTool(state: RunStreamState, id: string, change: (item: ToolItem) => ToolItem, at?: number): RunStreamState {
  const index = state.items.findIndex(item => item.kind === 'tool' && item.id === id);
  const items = state.items.slice();
  if (index < 0) {
    items.push(change({ kind: 'tool', id, name: 'tool', argsText: '', status: 'streaming', startedAt: at }));
  } else {
    items[index] = change(items[index] as ToolItem);
  }
  return { ...state, items };
}

function closeOpenItems(items: StreamItem[], at?: number): StreamItem[] {
  if (!items.some(item => (item.kind === 'text' && item.streaming) || (item.kind === 'tool' && item.status === 'streaming'))) return items;
  return items.map(item => {
    if (item.kind === 'text' && item.streaming) return { ...item, streaming: false, endedAt: item.endedAt ?? at };
    if (item.kind === 'tool' && item.status === 'streaming') return { ...item, status: 'called', endedAt: item.endedAt ?? at };
    return item;
  });
}

/** Parses streamed tool arguments; undefined while they are not (yet) valid JSON. */
export function parseToolArgs(argsText: string): unknown {
  if (!argsText.trim()) return undefined;
  try {
    return JSON.parse(argsText);
  } catch {
    return undefined;
  }
}

/** The interrupt asking about a tool call, when the run waits on one. */
export function interruptFor(state: RunStreamState, toolCallId: string): Interrupt | undefined {
  if (state.status !== 'waiting') return undefined;
  return state.interrupts.find(interrupt => interrupt.toolCallId === toolCallId);
}

export interface StepTiming {
  name: string;
  kind: 'model' | 'tools' | 'other';
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  /** Offset from the run's start, for a timeline. */
  offsetMs?: number;
  running: boolean;
}

/** Steps with their durations from the STEP_STARTED / STEP_FINISHED timestamps. */
export function stepTimings(state: RunStreamState): StepTiming[] {
  const origin = state.startedAt ?? state.steps.find(step => step.startedAt !== undefined)?.startedAt;
  return state.steps.map(step => {
    const durationMs =
      step.startedAt !== undefined && step.finishedAt !== undefined ? Math.max(0, step.finishedAt - step.startedAt) : undefined;
    return {
      name: step.name,
      kind: step.name.startsWith('model_call') ? 'model' : step.name.startsWith('tool_call') ? 'tools' : 'other',
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      durationMs,
      offsetMs: origin !== undefined && step.startedAt !== undefined ? Math.max(0, step.startedAt - origin) : undefined,
      running: step.finishedAt === undefined && !isSettled(state),
    };
  });
}

export function totalUsage(state: RunStreamState): { inputTokens: number; outputTokens: number; totalTokens: number } {
  const inputTokens = state.usage.reduce((sum, usage) => sum + usage.inputTokens, 0);
  const outputTokens = state.usage.reduce((sum, usage) => sum + usage.outputTokens, 0);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
