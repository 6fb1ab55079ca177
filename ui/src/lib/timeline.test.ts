import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import type { AgUiEvent } from './stream/frames';
import { applyEvents, initialRunState } from './stream/reducer';
import { buildTimeline } from './timeline';

function at(t: number, event: AgUiEvent) {
  return { ...event, timestamp: t };
}

const events = [
  at(1_000, { type: EventType.RUN_STARTED, threadId: 't', runId: 'r' }),
  at(1_010, { type: EventType.STEP_STARTED, stepName: 'model_call_1' }),
  at(1_200, { type: EventType.TOOL_CALL_START, toolCallId: 'c1', toolCallName: 'current_time' }),
  at(1_210, { type: EventType.TOOL_CALL_END, toolCallId: 'c1' }),
  at(1_300, { type: EventType.STEP_FINISHED, stepName: 'model_call_1' }),
  at(1_320, { type: EventType.STEP_STARTED, stepName: 'tool_calls_1' }),
  at(1_400, { type: EventType.TOOL_CALL_RESULT, messageId: 'm', toolCallId: 'c1', content: 'now' }),
  at(1_410, { type: EventType.STEP_FINISHED, stepName: 'tool_calls_1' }),
  at(1_420, { type: EventType.STEP_STARTED, stepName: 'model_call_2' }),
].map((event, index) => ({ seq: index + 1, event }));

describe('buildTimeline', () => {
  it('lays out steps and tool calls with offsets and durations', () => {
    const state = applyEvents(initialRunState(), [
      ...events,
      { seq: 10, event: at(2_020, { type: EventType.STEP_FINISHED, stepName: 'model_call_2' }) },
      { seq: 11, event: at(2_030, { type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' }) },
    ]);
    const timeline = buildTimeline(state, 99_999);
    expect(timeline.rows).toEqual([
      { id: 'step-0', label: 'Model call 1', kind: 'model', depth: 0, startMs: 10, endMs: 300, durationMs: 290, running: false },
      { id: 'step-1', label: 'Tool calls 1', kind: 'tools', depth: 0, startMs: 320, endMs: 410, durationMs: 90, running: false },
      { id: 'tool-c1', label: 'current_time', kind: 'tool', depth: 1, startMs: 320, endMs: 400, durationMs: 80, running: false, status: 'done' },
      { id: 'step-2', label: 'Model call 2', kind: 'model', depth: 0, startMs: 420, endMs: 1_020, durationMs: 600, running: false },
    ]);
    expect(timeline.spanMs).toBe(1_030);
    expect(timeline.originMs).toBe(1_000);
  });

  it('grows the open step with the clock while the run goes on', () => {
    const state = applyEvents(initialRunState(), events);
    const early = buildTimeline(state, 1_500);
    const later = buildTimeline(state, 1_900);
    expect(early.rows.at(-1)).toMatchObject({ label: 'Model call 2', running: true, durationMs: undefined, endMs: 500 });
    expect(later.rows.at(-1)).toMatchObject({ endMs: 900 });
    expect(later.spanMs).toBe(900);
  });

  it('is empty before the run starts', () => {
    expect(buildTimeline(initialRunState(), 5)).toEqual({ rows: [], spanMs: 0 });
  });
});
