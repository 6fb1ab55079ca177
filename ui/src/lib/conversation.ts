// What the chat shows: the thread's stored messages, the live state of the run being streamed, and
// the errors of runs that failed, merged into one list. Pure. A message the stream showed and the
// thread has since stored (same id) appears once, as stored.

import type { Interrupt } from '@ag-ui/core';
import { interruptFor, parseToolArgs, type RunStreamState, type ToolCallStatus } from './stream/reducer';
import type { Message, Run } from './types';

export interface MessageEntry {
  kind: 'message';
  id: string;
  role: string;
  text: string;
  streaming: boolean;
  runId?: string;
  /** The run was stopped while this answer streamed: it holds what had been said by then. */
  cutShort?: boolean;
}

export interface ToolEntry {
  kind: 'tool';
  /** The tool call id. */
  id: string;
  name: string;
  /** Parsed arguments, or undefined while they stream. */
  args: unknown;
  argsText: string;
  status: ToolCallStatus;
  result?: string;
  runId?: string;
  /** Set while the run waits for someone to approve this call. */
  approval?: Interrupt;
}

export interface RunNoticeEntry {
  kind: 'run-notice';
  id: string;
  runId: string;
  tone: 'error' | 'cancelled';
  message: string;
  code?: string;
}

export type ConversationEntry = MessageEntry | ToolEntry | RunNoticeEntry;

export interface LiveRun {
  runId: string;
  state: RunStreamState;
}

function argsOf(value: unknown): { args: unknown; argsText: string } {
  if (typeof value === 'string') return { args: parseToolArgs(value) ?? value, argsText: value };
  return { args: value ?? {}, argsText: JSON.stringify(value ?? {}) };
}

function time(value: string | null | undefined): number {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
}

function noticeFor(run: Pick<Run, 'id' | 'status' | 'error'>): RunNoticeEntry | undefined {
  if (run.status === 'failed') {
    return { kind: 'run-notice', id: `notice-${run.id}`, runId: run.id, tone: 'error', message: run.error || 'The run failed.' };
  }
  if (run.status === 'cancelled') {
    return { kind: 'run-notice', id: `notice-${run.id}`, runId: run.id, tone: 'cancelled', message: 'The run was stopped.', code: 'cancelled' };
  }
  return undefined;
}

export function buildConversation(messages: readonly Message[], runs: readonly Run[] = [], live?: LiveRun): ConversationEntry[] {
  // Stored messages, each with the time it was written, to place run notices among them.
  const timed: { at: number; entry: ConversationEntry }[] = [];
  const tools = new Map<string, ToolEntry>();
  const messageIds = new Set<string>();

  for (const message of messages) {
    messageIds.add(message.id);
    const at = time(message.created_at);
    const runId = message.run_id ?? undefined;
    if (message.role === 'tool') {
      const tool = message.tool_call_id ? tools.get(message.tool_call_id) : undefined;
      if (tool) {
        tool.result = message.content;
        tool.status = 'completed';
        continue;
      }
      timed.push({ at, entry: { kind: 'message', id: message.id, role: 'tool', text: message.content, streaming: false, runId } });
      continue;
    }
    if (message.content) {
      const entry: MessageEntry = { kind: 'message', id: message.id, role: message.role, text: message.content, streaming: false, runId };
      if (message.cut_short) entry.cutShort = true;
      timed.push({ at, entry });
    }
    for (const call of message.tool_calls ?? []) {
      const tool: ToolEntry = { kind: 'tool', id: call.id, name: call.name, ...argsOf(call.arguments), status: 'called', runId };
      tools.set(call.id, tool);
      timed.push({ at, entry: tool });
    }
  }

  // Notices of runs that ended badly, placed when they ended. The live run's own notice comes from its stream,
  // when the stream saw the end; a thread opened after its run failed has only the stored run to tell.
  const streamToldEnd = live ? Boolean(live.state.error) || live.state.status === 'cancelled' : false;
  for (const run of runs) {
    if (live && run.id === live.runId && streamToldEnd) continue;
    const notice = noticeFor(run);
    if (notice) timed.push({ at: time(run.finished_at ?? run.created_at), entry: notice });
  }

  const entries = timed
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(item => item.entry);

  if (!live) return entries;

  const { state, runId } = live;
  for (const item of state.items) {
    if (item.kind === 'text') {
      if (messageIds.has(item.id)) continue;
      if (!item.text && !item.streaming) continue;
      const entry: MessageEntry = { kind: 'message', id: item.id, role: item.role, text: item.text, streaming: item.streaming, runId };
      if (item.cutShort) entry.cutShort = true;
      entries.push(entry);
      continue;
    }
    const stored = tools.get(item.id);
    if (stored) {
      if (stored.result === undefined && item.result !== undefined) {
        stored.result = item.result;
        stored.status = 'completed';
      }
      stored.approval = interruptFor(state, item.id);
      continue;
    }
    entries.push({
      kind: 'tool',
      id: item.id,
      name: item.name,
      args: parseToolArgs(item.argsText),
      argsText: item.argsText,
      status: item.status,
      result: item.result,
      runId,
      approval: interruptFor(state, item.id),
    });
  }

  // Interrupts about calls that are stored but were not in this stream's items (a resumed stream).
  for (const interrupt of state.status === 'waiting' ? state.interrupts : []) {
    if (interrupt.toolCallId) {
      const stored = tools.get(interrupt.toolCallId);
      if (stored && !stored.approval) stored.approval = interrupt;
    }
  }

  if (state.error) {
    entries.push({
      kind: 'run-notice',
      id: `notice-${runId}`,
      runId,
      tone: state.status === 'cancelled' ? 'cancelled' : 'error',
      message: state.status === 'cancelled' ? 'The run was stopped.' : state.error.message,
      code: state.error.code,
    });
  } else if (state.status === 'cancelled') {
    entries.push({ kind: 'run-notice', id: `notice-${runId}`, runId, tone: 'cancelled', message: 'The run was stopped.', code: 'cancelled' });
  }
  return entries;
}
