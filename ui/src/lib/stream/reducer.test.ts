import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import { parseFrame, type AgUiEvent, type SequencedEvent } from './frames';
import {
  applyEvent,
  applyEvents,
  initialRunState,
  interruptFor,
  isFinal,
  isSettled,
  parseToolArgs,
  stepTimings,
  totalUsage,
  type TextItem,
  type ToolItem,
} from './reducer';

const RUN = 'run-1';
const THREAD = 'thread-1';

/** Numbers events from `first` on, with timestamps 100 ms apart from t0 unless given. */
function sequence(events: AgUiEvent[], first = 1, t0 = 1_000): SequencedEvent[] {
  return events.map((event, index) => ({
    seq: first + index,
    event: { timestamp: t0 + index * 100, ...event },
  }));
}

function answer(text: string[], messageId = 'm1'): AgUiEvent[] {
  return [
    { type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN },
    { type: EventType.STEP_STARTED, stepName: 'model_call_1' },
    { type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' },
    ...text.map((delta): AgUiEvent => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId },
    { type: EventType.CUSTOM, name: 'everruns.model_usage', value: { model: 'sim/default', iteration: 1, input_tokens: 12, output_tokens: 3 } },
    { type: EventType.STEP_FINISHED, stepName: 'model_call_1' },
    { type: EventType.RUN_FINISHED, threadId: THREAD, runId: RUN },
  ];
}

const texts = (items: ReturnType<typeof initialRunState>['items']) =>
  items.filter((item): item is TextItem => item.kind === 'text').map(item => item.text);

describe('applyEvent: a streamed answer', () => {
  it('builds the message token by token and completes the run', () => {
    const events = sequence(answer(['Hel', 'lo ', 'world']));
    const midway = applyEvents(initialRunState(), events.slice(0, 5));
    expect(midway.status).toBe('running');
    expect(midway.items).toEqual([
      expect.objectContaining({ kind: 'text', id: 'm1', role: 'assistant', text: 'Hello ', streaming: true }),
    ]);
    expect(midway.lastSeq).toBe(5);

    const done = applyEvents(midway, events.slice(5));
    expect(texts(done.items)).toEqual(['Hello world']);
    expect((done.items[0] as TextItem).streaming).toBe(false);
    expect(done.status).toBe('completed');
    expect(isSettled(done)).toBe(true);
    expect(isFinal(done)).toBe(true);
    expect(done.runId).toBe(RUN);
    expect(done.threadId).toBe(THREAD);
    expect(done.usage).toEqual([{ model: 'sim/default', iteration: 1, inputTokens: 12, outputTokens: 3 }]);
    expect(totalUsage(done)).toEqual({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
    expect(done.startedAt).toBe(1_000);
    expect(done.finishedAt).toBe(1_000 + 9 * 100);
  });

  it('ignores events at or below the last sequence number, so replays never double text', () => {
    const events = sequence(answer(['a', 'b', 'c', 'd']));
    const once = applyEvents(initialRunState(), events);
    // A first connection delivered 1..6, the reconnect replayed from 3 on.
    const replayed = applyEvents(applyEvents(initialRunState(), events.slice(0, 6)), events.slice(2));
    expect(texts(replayed.items)).toEqual(['abcd']);
    expect(replayed).toEqual(once);
    // Applying the very same event twice returns the same state object.
    expect(applyEvent(once, events[3]!)).toBe(once);
  });

  it('ignores a frame numbered lower than one already applied even when it arrives late', () => {
    const [e1, e2, e3, e4] = sequence(answer(['x', 'y']));
    const state = applyEvents(initialRunState(), [e1!, e2!, e3!, e4!]);
    const late = applyEvent(state, { seq: 2, event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm1', delta: 'LATE' } });
    expect(late).toBe(state);
    expect(texts(late.items)).toEqual(['x']);
  });

  it('starts a message it never saw the start of (stream resumed without earlier state)', () => {
    const state = applyEvent(initialRunState(), { seq: 40, event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'mX', delta: 'tail' } });
    expect(state.items).toEqual([expect.objectContaining({ kind: 'text', id: 'mX', text: 'tail', streaming: true })]);
    expect(state.lastSeq).toBe(40);
  });

  it('keeps the raw events when asked to, each once', () => {
    const events = sequence(answer(['a']));
    const state = applyEvents(applyEvents(initialRunState({ keepRaw: true }), events.slice(0, 3)), events);
    expect(state.raw?.map(raw => raw.seq)).toEqual(events.map(event => event.seq));
    expect(state.raw?.[0]?.event.type).toBe('RUN_STARTED');
    expect(initialRunState().raw).toBeUndefined();
  });
});

describe('applyEvent: tool calls', () => {
  const toolRun = sequence([
    { type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN },
    { type: EventType.STEP_STARTED, stepName: 'model_call_1' },
    { type: EventType.TOOL_CALL_START, toolCallId: 'call-1', toolCallName: 'current_time', parentMessageId: 'm1' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: '{"time' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: 'zone":"UTC"}' },
    { type: EventType.TOOL_CALL_END, toolCallId: 'call-1' },
    { type: EventType.STEP_FINISHED, stepName: 'model_call_1' },
    { type: EventType.STEP_STARTED, stepName: 'tool_calls_1' },
    { type: EventType.TOOL_CALL_RESULT, messageId: 'tm1', toolCallId: 'call-1', content: '2025-01-01T00:00:00Z', role: 'tool' },
    { type: EventType.STEP_FINISHED, stepName: 'tool_calls_1' },
    { type: EventType.STEP_STARTED, stepName: 'model_call_2' },
    { type: EventType.TEXT_MESSAGE_START, messageId: 'm2', role: 'assistant' },
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm2', delta: 'It is midnight.' },
    { type: EventType.TEXT_MESSAGE_END, messageId: 'm2' },
    { type: EventType.STEP_FINISHED, stepName: 'model_call_2' },
    { type: EventType.RUN_FINISHED, threadId: THREAD, runId: RUN },
  ]);

  it('streams the arguments, then records the result, in order with the text', () => {
    const partial = applyEvents(initialRunState(), toolRun.slice(0, 4));
    const streaming = partial.items[0] as ToolItem;
    expect(streaming).toMatchObject({ kind: 'tool', id: 'call-1', name: 'current_time', argsText: '{"time', status: 'streaming', parentMessageId: 'm1' });
    expect(parseToolArgs(streaming.argsText)).toBeUndefined();

    const state = applyEvents(partial, toolRun.slice(4));
    expect(state.items.map(item => `${item.kind}:${item.id}`)).toEqual(['tool:call-1', 'text:m2']);
    const tool = state.items[0] as ToolItem;
    expect(tool.status).toBe('completed');
    expect(parseToolArgs(tool.argsText)).toEqual({ timezone: 'UTC' });
    expect(tool.result).toBe('2025-01-01T00:00:00Z');
    expect(tool.resultMessageId).toBe('tm1');
    expect(state.status).toBe('completed');
  });

  it('computes step durations and offsets from the step timestamps', () => {
    const state = applyEvents(initialRunState(), toolRun);
    expect(stepTimings(state)).toEqual([
      { name: 'model_call_1', kind: 'model', startedAt: 1_100, finishedAt: 1_600, durationMs: 500, offsetMs: 100, running: false },
      { name: 'tool_calls_1', kind: 'tools', startedAt: 1_700, finishedAt: 1_900, durationMs: 200, offsetMs: 700, running: false },
      { name: 'model_call_2', kind: 'model', startedAt: 2_000, finishedAt: 2_400, durationMs: 400, offsetMs: 1_000, running: false },
    ]);
  });

  it('marks a step that has not finished as running while the run goes on', () => {
    const state = applyEvents(initialRunState(), toolRun.slice(0, 2));
    expect(stepTimings(state)).toEqual([
      expect.objectContaining({ name: 'model_call_1', durationMs: undefined, running: true }),
    ]);
  });
});

describe('applyEvent: approvals, errors and cancellation', () => {
  const paused = sequence([
    { type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN },
    { type: EventType.STEP_STARTED, stepName: 'model_call_1' },
    { type: EventType.TOOL_CALL_START, toolCallId: 'call-9', toolCallName: 'send_email' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-9', delta: '{"to":"a@b.c"}' },
    { type: EventType.TOOL_CALL_END, toolCallId: 'call-9' },
    { type: EventType.STEP_FINISHED, stepName: 'model_call_1' },
    {
      type: EventType.RUN_FINISHED,
      threadId: THREAD,
      runId: RUN,
      outcome: { type: 'interrupt', interrupts: [{ id: 'int-1', reason: 'tool_approval', toolCallId: 'call-9' }] },
    },
  ]);

  it('waits on an interrupt, then resumes with a new turn once it is answered', () => {
    const waiting = applyEvents(initialRunState(), paused);
    expect(waiting.status).toBe('waiting');
    expect(isSettled(waiting)).toBe(true);
    expect(isFinal(waiting)).toBe(false);
    expect(interruptFor(waiting, 'call-9')).toMatchObject({ id: 'int-1', reason: 'tool_approval' });
    expect(interruptFor(waiting, 'other')).toBeUndefined();

    const resumed = applyEvents(
      waiting,
      sequence(
        [
          { type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN },
          { type: EventType.TOOL_CALL_RESULT, messageId: 'tm9', toolCallId: 'call-9', content: 'sent' },
          { type: EventType.RUN_FINISHED, threadId: THREAD, runId: RUN },
        ],
        paused.length + 1,
        5_000,
      ),
    );
    expect(resumed.turns).toBe(2);
    expect(resumed.interrupts).toEqual([]);
    expect(interruptFor(resumed, 'call-9')).toBeUndefined();
    expect((resumed.items[0] as ToolItem).result).toBe('sent');
    expect(resumed.status).toBe('completed');
    expect(resumed.startedAt).toBe(1_000);
  });

  it('shows a run error and closes the message it cut off', () => {
    const state = applyEvents(
      initialRunState(),
      sequence([
        { type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN },
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm1', role: 'assistant' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm1', delta: 'partial' },
        { type: EventType.RUN_ERROR, message: 'The model provider answered 500.', code: 'model_error' },
      ]),
    );
    expect(state.status).toBe('failed');
    expect(state.error).toEqual({ message: 'The model provider answered 500.', code: 'model_error' });
    expect(state.items[0]).toMatchObject({ text: 'partial', streaming: false });
  });

  it('treats RUN_ERROR with code "cancelled" and a cancelled outcome as cancellation', () => {
    const started = sequence([{ type: EventType.RUN_STARTED, threadId: THREAD, runId: RUN }]);
    const byError = applyEvents(initialRunState(), [...started, { seq: 2, event: { type: EventType.RUN_ERROR, message: 'Cancelled', code: 'cancelled' } }]);
    expect(byError.status).toBe('cancelled');
    expect(byError.error?.code).toBe('cancelled');
    const byOutcome = applyEvents(initialRunState(), [
      ...started,
      { seq: 2, event: { type: EventType.RUN_FINISHED, threadId: THREAD, runId: RUN, outcome: { type: 'cancelled' } } },
    ]);
    expect(byOutcome.status).toBe('cancelled');
  });

  it('passes unknown event types through without changing the view', () => {
    const state = applyEvents(initialRunState({ keepRaw: true }), [{ seq: 1, event: { type: EventType.STATE_SNAPSHOT, snapshot: {} } }]);
    expect(state.items).toEqual([]);
    expect(state.status).toBe('idle');
    expect(state.lastSeq).toBe(1);
    expect(state.raw).toHaveLength(1);
  });
});

describe('parseFrame', () => {
  it('reads the sequence number from the id and the event from the data', () => {
    expect(parseFrame({ id: '7', event: 'TEXT_MESSAGE_CONTENT', data: '{"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"hi"}' })).toEqual({
      seq: 7,
      event: { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'hi' },
    });
  });

  it('takes the type from the event line when the data has none', () => {
    expect(parseFrame({ id: '3', event: 'RUN_ERROR', data: '{"message":"x"}' })?.event).toEqual({ type: EventType.RUN_ERROR, message: 'x' });
  });

  it('rejects frames that are not sequenced events', () => {
    expect(parseFrame({ data: '{"type":"RUN_STARTED"}' })).toBeNull();
    expect(parseFrame({ id: 'run:3', data: '{"type":"RUN_STARTED"}' })).toBeNull();
    expect(parseFrame({ id: '3', data: 'not json' })).toBeNull();
    expect(parseFrame({ id: '3', data: '[1,2]' })).toBeNull();
    expect(parseFrame({ id: '3', data: '{"no":"type"}' })).toBeNull();
  });
});
