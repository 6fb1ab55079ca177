'use client';

// The run a chat shows live: the one started from this page, else the thread's latest. Its stream is followed
// while it is active; the stored runs show how the others ended.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '@/lib/api';
import type { LiveRun } from '@/lib/conversation';
import { useRunStream } from '@/lib/stream/useRunStream';
import { ACTIVE_RUN_STATUSES, type Run } from '@/lib/types';

function isActive(run: Run | undefined): boolean {
  return Boolean(run && ACTIVE_RUN_STATUSES.includes(run.status));
}

export function useThreadRun(threadId: string | undefined) {
  const queryClient = useQueryClient();
  // The run started from this page, until the thread's run list shows it.
  const [started, setStarted] = useState<{ threadId: string; runId: string } | undefined>();
  const runs = useQuery({
    queryKey: ['runs', 'thread', threadId],
    queryFn: ({ signal }) => api.listRuns({ thread_id: threadId!, limit: 100 }, signal),
    enabled: Boolean(threadId),
    // While a run waits for an approval, notice when someone else answers it.
    refetchInterval: query => (query.state.data?.data[0]?.status === 'waiting' ? 3_000 : false),
  });
  const latest = runs.data?.data[0];
  const startedHere = started && started.threadId === threadId ? started.runId : undefined;
  const runId = startedHere ?? latest?.id;
  const record = runs.data?.data.find(run => run.id === runId);
  const follow = Boolean(runId) && (runId === startedHere ? !record || isActive(record) : isActive(record));

  const onSettled = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['thread-messages', threadId] });
    void queryClient.invalidateQueries({ queryKey: ['runs'] });
    void queryClient.invalidateQueries({ queryKey: ['threads'] });
  }, [queryClient, threadId]);

  const stream = useRunStream(runId, { persist: true, follow, onSettled });
  const live: LiveRun | undefined = useMemo(() => (runId ? { runId, state: stream.state } : undefined), [runId, stream.state]);

  // Another client answered the approval: pick the stream up again.
  const { resume } = stream;
  const streamStatus = stream.state.status;
  useEffect(() => {
    if (streamStatus === 'waiting' && record && record.status !== 'waiting') resume();
  }, [streamStatus, record, resume]);

  const running = follow && (streamStatus === 'running' || streamStatus === 'idle') && !(record && !isActive(record));
  const waiting = streamStatus === 'waiting';

  return {
    runs: runs.data?.data ?? [],
    runId,
    record,
    live,
    stream,
    running,
    waiting,
    /** Shows a run just started from this page, before the run list has it. */
    showStarted: (startedThreadId: string, startedRunId: string) => setStarted({ threadId: startedThreadId, runId: startedRunId }),
  };
}
