'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Pause, Play, Trash2, Zap } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import type { Schedule } from '@/lib/types';

/**
 * Pause or resume a schedule, fire it now (also while paused), and, with `onDeleted`, delete it after a second
 * click. A run started now is linked; a refusal (the thread is busy, the agent archived) is said.
 */
export function ScheduleActions({ schedule, compact = false, onDeleted }: { schedule: Schedule; compact?: boolean; onDeleted?: () => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['schedules'] });
    await queryClient.invalidateQueries({ queryKey: ['schedule', schedule.id] });
    await queryClient.invalidateQueries({ queryKey: ['runs'] });
  };

  const toggle = useMutation({
    mutationFn: () => (schedule.status === 'active' ? api.pauseSchedule(schedule.id) : api.resumeSchedule(schedule.id)),
    onSuccess: saved => {
      queryClient.setQueryData(['schedule', schedule.id], saved);
      return refresh();
    },
  });
  const runNow = useMutation({ mutationFn: () => api.runScheduleNow(schedule.id), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => api.deleteSchedule(schedule.id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: ['schedule', schedule.id] });
      await queryClient.invalidateQueries({ queryKey: ['schedules'] });
      onDeleted?.();
    },
  });
  const size = compact ? 'btn-sm' : '';
  const error = toggle.error ?? runNow.error ?? remove.error;

  return (
    <div className="stack" style={{ gap: 6, alignItems: compact ? 'flex-end' : 'stretch' }}>
      <div className="row" style={{ gap: 6, justifyContent: compact ? 'flex-end' : undefined, flexWrap: compact ? 'nowrap' : undefined }}>
        <button type="button" className={`btn ${size}`} disabled={toggle.isPending} onClick={() => toggle.mutate()}>
          {schedule.status === 'active' ? <Pause size={14} /> : <Play size={14} />}
          {schedule.status === 'active' ? 'Pause' : 'Resume'}
        </button>
        <button type="button" className={`btn ${compact ? size : 'btn-primary'}`} disabled={runNow.isPending} onClick={() => runNow.mutate()}>
          <Zap size={14} /> {runNow.isPending ? 'Starting…' : 'Run now'}
        </button>
        {onDeleted ? (
          confirming ? (
            <>
              <button type="button" className={`btn btn-danger ${size}`} disabled={remove.isPending} onClick={() => remove.mutate()}>
                <Trash2 size={14} /> Delete for good
              </button>
              <button type="button" className={`btn btn-ghost ${size}`} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className={`btn ${size}`} onClick={() => setConfirming(true)}>
              <Trash2 size={14} /> Delete
            </button>
          )
        ) : null}
      </div>
      {runNow.data && !runNow.isPending ? (
        <span className="muted" role="status">
          Started run{' '}
          <Link href={`/runs/${runNow.data.id}`} className="mono" data-testid="started-run">
            {shortId(runNow.data.id)}
          </Link>
        </span>
      ) : null}
      {confirming && !compact ? <span className="muted">Its threads and runs stay.</span> : null}
      <ErrorAlert error={error} />
    </div>
  );
}
