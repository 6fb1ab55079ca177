// A run's timeline: its steps (model calls, tool call rounds) and, under each round, the tool calls
// it ran, with offsets from the run's start and durations from the event timestamps. Pure.

import { isSettled, type RunStreamState, type ToolItem } from './stream/reducer';

export interface TimelineRow {
  id: string;
  label: string;
  kind: 'model' | 'tools' | 'tool' | 'other';
  depth: 0 | 1;
  /** Milliseconds from the run's start. */
  startMs: number;
  endMs: number;
  durationMs?: number;
  running: boolean;
  status?: string;
}

export interface Timeline {
  rows: TimelineRow[];
  /** The span the rows cover, for scaling bars. */
  spanMs: number;
  originMs?: number;
}

function kindOf(name: string): TimelineRow['kind'] {
  if (name.startsWith('model_call')) return 'model';
  if (name.startsWith('tool_call')) return 'tools';
  return 'other';
}

function labelOf(name: string): string {
  const model = /^model_call_(\d+)$/.exec(name);
  if (model) return `Model call ${model[1]}`;
  const tools = /^tool_calls_(\d+)$/.exec(name);
  if (tools) return `Tool calls ${tools[1]}`;
  return name;
}

/** `now` (ms since epoch) lets open steps grow while the run goes on. */
export function buildTimeline(state: RunStreamState, now: number): Timeline {
  const settled = isSettled(state);
  const origin = state.startedAt ?? state.steps.find(step => step.startedAt !== undefined)?.startedAt;
  if (origin === undefined) return { rows: [], spanMs: 0 };
  const liveEnd = settled ? (state.finishedAt ?? origin) : Math.max(now, origin);

  const tools = state.items.filter((item): item is ToolItem => item.kind === 'tool');
  const used = new Set<string>();
  const rows: TimelineRow[] = [];

  state.steps.forEach((step, index) => {
    const start = (step.startedAt ?? origin) - origin;
    const finished = step.finishedAt !== undefined;
    const end = (finished ? step.finishedAt! : liveEnd) - origin;
    const kind = kindOf(step.name);
    rows.push({
      id: `step-${index}`,
      label: labelOf(step.name),
      kind,
      depth: 0,
      startMs: start,
      endMs: Math.max(start, end),
      durationMs: finished ? Math.max(0, end - start) : undefined,
      running: !finished && !settled,
    });
    if (kind !== 'tools') return;
    // The calls whose results came during this round.
    const stepStart = step.startedAt ?? origin;
    const stepEnd = step.finishedAt ?? Number.POSITIVE_INFINITY;
    for (const tool of tools) {
      if (used.has(tool.id)) continue;
      const resultAt = tool.resultAt;
      const inRound = resultAt !== undefined ? resultAt >= stepStart && resultAt <= stepEnd : !finished;
      if (!inRound) continue;
      used.add(tool.id);
      const toolEnd = (resultAt ?? liveEnd) - origin;
      rows.push({
        id: `tool-${tool.id}`,
        label: tool.name,
        kind: 'tool',
        depth: 1,
        startMs: stepStart - origin,
        endMs: Math.max(stepStart - origin, toolEnd),
        durationMs: resultAt !== undefined ? Math.max(0, resultAt - stepStart) : undefined,
        running: resultAt === undefined && !settled,
        status: resultAt !== undefined ? 'done' : state.status === 'waiting' ? 'awaiting approval' : 'running',
      });
    }
  });

  const spanMs = Math.max(liveEnd - origin, ...rows.map(row => row.endMs), 1);
  return { rows, spanMs, originMs: origin };
}
