'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MessageSquare, Square } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useCallback, useEffect, useMemo } from 'react';
import { RawEvents } from '@/components/runs/RawEvents';
import { RunDeliveries } from '@/components/runs/RunDeliveries';
import { RunSummary } from '@/components/runs/RunSummary';
import { RunTimeline } from '@/components/runs/RunTimeline';
import { ErrorAlert, Loading, Page, PageHeader, StatusBadge } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import { useNow } from '@/lib/hooks/useNow';
import { isSettled } from '@/lib/stream/reducer';
import { useRunStream } from '@/lib/stream/useRunStream';
import { buildTimeline } from '@/lib/timeline';
import { ACTIVE_RUN_STATUSES } from '@/lib/types';

export default function RunPage() {
  const { id } = useParams<{ id: string }>();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: ({ signal }) => api.getRun(id, signal),
    refetchInterval: query => (query.state.data && ACTIVE_RUN_STATUSES.includes(query.state.data.status) ? 2_000 : false),
  });
  const agent = useQuery({ queryKey: ['agent', run.data?.agent_id], queryFn: ({ signal }) => api.getAgent(run.data!.agent_id, signal), enabled: Boolean(run.data) });
  const onSettled = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['run', id] }), [queryClient, id]);
  const { state, resume } = useRunStream(id, { keepRaw: true, onSettled });
  const live = !isSettled(state) && state.status !== 'idle';
  const now = useNow(live);
  const timeline = useMemo(() => buildTimeline(state, now), [state, now]);
  const raw = useMemo(() => state.raw ?? [], [state.raw]);

  // A paused run that someone resumed: follow it again.
  const serverStatus = run.data?.status;
  useEffect(() => {
    if (state.status === 'waiting' && serverStatus && serverStatus !== 'waiting') resume();
  }, [state.status, serverStatus, resume]);

  const cancel = useMutation({ mutationFn: () => api.cancelRun(id), onSettled: () => queryClient.invalidateQueries({ queryKey: ['run', id] }) });

  const data = run.data;
  const active = data ? ACTIVE_RUN_STATUSES.includes(data.status) : false;
  // The stream knows a run has ended before the stored record says so.
  const status = data ? (active && isSettled(state) && state.status !== 'waiting' ? state.status : data.status) : undefined;

  return (
    <Page wide>
      <PageHeader
        back={<Link href="/runs">← Runs</Link>}
        title={
          <span className="row" style={{ gap: 10 }}>
            Run <span className="mono" title={id}>{shortId(id)}</span>
            {status ? <StatusBadge status={status} /> : null}
          </span>
        }
        actions={
          data ? (
            <>
              <Link href={`/chat?agent=${data.agent_id}&thread=${data.thread_id}`} className="btn">
                <MessageSquare size={15} /> Open in chat
              </Link>
              {active ? (
                <button className="btn btn-danger" onClick={() => cancel.mutate()} disabled={cancel.isPending || data.cancel_requested}>
                  <Square size={13} fill="currentColor" /> {data.cancel_requested ? 'Stopping…' : 'Cancel run'}
                </button>
              ) : null}
            </>
          ) : null
        }
      />
      <ErrorAlert error={run.error ?? cancel.error} />
      {run.isPending ? <Loading rows={4} /> : null}
      {data ? (
        <>
          <RunSummary run={data} agent={agent.data} status={status ?? data.status} state={state} now={now} />
          <RunTimeline timeline={timeline} state={state} live={live} />
          <RunDeliveries runId={id} active={active} />
          <RawEvents raw={raw} state={state} originMs={timeline.originMs} />
        </>
      ) : null}
    </Page>
  );
}
