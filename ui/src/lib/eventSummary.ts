// One line about an AG-UI event, for the run page's list of raw events. Pure.

import { EventType } from '@ag-ui/core';
import type { AgUiEvent } from './stream/frames';

export function summariseEvent(event: AgUiEvent): string {
  const fields = event as unknown as Record<string, unknown>;
  switch (event.type) {
    case EventType.TEXT_MESSAGE_CONTENT:
    case EventType.TOOL_CALL_ARGS:
      return JSON.stringify(fields.delta);
    case EventType.STEP_STARTED:
    case EventType.STEP_FINISHED:
      return String(fields.stepName);
    case EventType.TOOL_CALL_START:
      return `${String(fields.toolCallName)} (${String(fields.toolCallId)})`;
    case EventType.TOOL_CALL_RESULT:
      return String(fields.content).slice(0, 120);
    case EventType.RUN_ERROR:
      return `${String(fields.message)}${fields.code ? ` [${String(fields.code)}]` : ''}`;
    case EventType.RUN_FINISHED:
      return fields.outcome ? JSON.stringify(fields.outcome).slice(0, 120) : 'success';
    case EventType.CUSTOM:
      return `${String(fields.name)} ${JSON.stringify(fields.value)}`;
    default:
      return '';
  }
}
