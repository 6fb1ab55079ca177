import { EventType } from '@ag-ui/core';
import { describe, expect, it } from 'vitest';
import { summariseEvent } from './eventSummary';

describe('summariseEvent', () => {
  it('says in one line what an event is about', () => {
    expect(summariseEvent({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'Hi' })).toBe('"Hi"');
    expect(summariseEvent({ type: EventType.TOOL_CALL_START, toolCallId: 'c1', toolCallName: 'current_time' })).toBe('current_time (c1)');
    expect(summariseEvent({ type: EventType.RUN_ERROR, message: 'Rate limited', code: 'model_rate_limited' })).toBe('Rate limited [model_rate_limited]');
    expect(summariseEvent({ type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' })).toBe('success');
    expect(summariseEvent({ type: EventType.STEP_STARTED, stepName: 'model_call_1' })).toBe('model_call_1');
    expect(summariseEvent({ type: EventType.STATE_SNAPSHOT, snapshot: {} })).toBe('');
  });
});
