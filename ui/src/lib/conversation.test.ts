import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import { buildConversation } from './conversation';
import { applyEvents, initialRunState } from './stream/reducer';
import type { Message, Run } from './types';

const T = 'thread';

function message(partial: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  return { thread_id: T, run_id: null, content: '', cut_short: false, created_at: '2025-01-01T00:00:00Z', ...partial };
}

function run(partial: Partial<Run> & Pick<Run, 'id' | 'status'>): Run {
  return {
    agent_id: 'a',
    thread_id: T,
    attempt: 1,
    cancel_requested: false,
    usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    created_at: '2025-01-01T00:00:00Z',
    ...partial,
  };
}

const user = message({ id: 'u1', role: 'user', content: 'What time is it?', created_at: '2025-01-01T00:00:01Z' });
const callMessage = message({
  id: 'a1',
  role: 'assistant',
  run_id: 'r1',
  created_at: '2025-01-01T00:00:02Z',
  tool_calls: [{ id: 'call-1', name: 'current_time', arguments: {} }],
});
const toolMessage = message({ id: 't1', role: 'tool', run_id: 'r1', content: '{"utc":"now"}', tool_call_id: 'call-1', created_at: '2025-01-01T00:00:03Z' });
const answer = message({ id: 'a2', role: 'assistant', run_id: 'r1', content: 'It is now.', created_at: '2025-01-01T00:00:04Z' });

describe('buildConversation', () => {
  it('shows stored messages with tool calls as cards that carry their results', () => {
    const entries = buildConversation([user, callMessage, toolMessage, answer]);
    expect(entries.map(entry => `${entry.kind}:${entry.id}`)).toEqual(['message:u1', 'tool:call-1', 'message:a2']);
    expect(entries[1]).toMatchObject({ name: 'current_time', args: {}, result: '{"utc":"now"}', status: 'completed' });
  });

  it('reads arguments stored as a JSON string too', () => {
    const stringArgs = message({ ...callMessage, tool_calls: [{ id: 'call-1', name: 'x', arguments: '{"a":1}' }] });
    expect(buildConversation([stringArgs])[0]).toMatchObject({ args: { a: 1 }, argsText: '{"a":1}' });
  });

  it('appends what the live run streams and shows a message once when it is also stored', () => {
    const state = applyEvents(initialRunState(), [
      { seq: 1, event: { type: EventType.RUN_STARTED, threadId: T, runId: 'r1' } },
      { seq: 2, event: { type: EventType.TEXT_MESSAGE_START, messageId: 'a2', role: 'assistant' } },
      { seq: 3, event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'a2', delta: 'It is' } },
    ]);
    const streaming = buildConversation([user], [], { runId: 'r1', state });
    expect(streaming.map(entry => entry.id)).toEqual(['u1', 'a2']);
    expect(streaming[1]).toMatchObject({ text: 'It is', streaming: true });

    const stored = buildConversation([user, answer], [], { runId: 'r1', state });
    expect(stored.map(entry => entry.id)).toEqual(['u1', 'a2']);
    expect(stored[1]).toMatchObject({ text: 'It is now.', streaming: false });
  });

  it('marks a call that waits for approval', () => {
    const state = applyEvents(initialRunState(), [
      { seq: 1, event: { type: EventType.RUN_STARTED, threadId: T, runId: 'r1' } },
      { seq: 2, event: { type: EventType.TOOL_CALL_START, toolCallId: 'call-1', toolCallName: 'current_time' } },
      { seq: 3, event: { type: EventType.TOOL_CALL_END, toolCallId: 'call-1' } },
      {
        seq: 4,
        event: {
          type: EventType.RUN_FINISHED,
          threadId: T,
          runId: 'r1',
          outcome: { type: 'interrupt', interrupts: [{ id: 'i1', reason: 'tool_approval', toolCallId: 'call-1' }] },
        },
      },
    ]);
    const entries = buildConversation([user, callMessage], [], { runId: 'r1', state });
    expect(entries.map(entry => entry.id)).toEqual(['u1', 'call-1']);
    expect(entries[1]).toMatchObject({ kind: 'tool', approval: { id: 'i1' } });
  });

  it('places notices of failed and stopped runs where they ended, and the live run error last', () => {
    const failed = run({ id: 'r0', status: 'failed', error: 'Model error', finished_at: '2025-01-01T00:00:01.500Z' });
    const cancelled = run({ id: 'r1', status: 'cancelled', finished_at: '2025-01-01T00:00:05Z' });
    const entries = buildConversation([user, answer], [failed, cancelled]);
    expect(entries.map(entry => entry.id)).toEqual(['u1', 'notice-r0', 'a2', 'notice-r1']);
    expect(entries[1]).toMatchObject({ tone: 'error', message: 'Model error' });
    expect(entries[3]).toMatchObject({ tone: 'cancelled' });

    const state = applyEvents(initialRunState(), [
      { seq: 1, event: { type: EventType.RUN_STARTED, threadId: T, runId: 'r2' } },
      { seq: 2, event: { type: EventType.RUN_ERROR, message: 'The provider answered 500.', code: 'model_error' } },
    ]);
    const live = buildConversation([user], [run({ id: 'r2', status: 'failed', error: 'The provider answered 500.' })], { runId: 'r2', state });
    expect(live.map(entry => entry.id)).toEqual(['u1', 'notice-r2']);
    expect(live[1]).toMatchObject({ tone: 'error', message: 'The provider answered 500.', code: 'model_error' });
  });

  it('marks an answer a stopped run kept, live and once it is stored', () => {
    const state = applyEvents(initialRunState(), [
      { seq: 1, event: { type: EventType.RUN_STARTED, threadId: T, runId: 'r4' } },
      { seq: 2, event: { type: EventType.TEXT_MESSAGE_START, messageId: 'a4', role: 'assistant' } },
      { seq: 3, event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'a4', delta: 'Once upon' } },
      { seq: 4, event: { type: EventType.TEXT_MESSAGE_END, messageId: 'a4' } },
      {
        seq: 5,
        event: { type: EventType.CUSTOM, name: 'everruns.model_usage', value: { input_tokens: 9, output_tokens: 3, message_id: 'a4', cut_short: true, estimated: true } },
      },
      { seq: 6, event: { type: EventType.RUN_FINISHED, threadId: T, runId: 'r4', outcome: { type: 'cancelled' } } },
    ]);
    const live = buildConversation([user], [], { runId: 'r4', state });
    expect(live[1]).toMatchObject({ id: 'a4', text: 'Once upon', cutShort: true });

    const kept = message({ id: 'a4', role: 'assistant', run_id: 'r4', content: 'Once upon', cut_short: true, created_at: '2025-01-01T00:00:05Z' });
    const stopped = run({ id: 'r4', status: 'cancelled', finished_at: '2025-01-01T00:00:06Z' });
    const reloaded = buildConversation([user, kept], [stopped]);
    expect(reloaded.map(entry => entry.id)).toEqual(['u1', 'a4', 'notice-r4']);
    expect(reloaded[1]).toMatchObject({ text: 'Once upon', cutShort: true });
    expect(buildConversation([user, answer])[1]).not.toHaveProperty('cutShort');
  });

  it("shows the stored reason of the thread's last run when it failed before this page followed it", () => {
    // A thread opened later: its last run is the live one, but its stream was never followed.
    const failed = run({ id: 'r3', status: 'failed', error: 'The model provider is rate limiting this model.', finished_at: '2025-01-01T00:00:02Z' });
    const entries = buildConversation([user], [failed], { runId: 'r3', state: initialRunState({ runId: 'r3' }) });
    expect(entries.map(entry => entry.id)).toEqual(['u1', 'notice-r3']);
    expect(entries[1]).toMatchObject({ tone: 'error', runId: 'r3', message: 'The model provider is rate limiting this model.' });
  });
});
