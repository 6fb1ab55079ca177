'use client';

import Link from 'next/link';
import { TimeAgo } from '@/components/ui';
import { shortId } from '@/lib/format';
import { formatInZone } from '@/lib/schedules';
import type { ScheduleFire } from '@/lib/types';

const OUTCOME_TONE: Record<ScheduleFire['outcome'], string> = {
  pending: 'badge',
  started: 'badge badge-success',
  skipped: 'badge badge-warning',
};

/** A schedule's fires, newest first: what each was for, and its run or why it started none. */
export function FiresTable({ fires, timezone }: { fires: ScheduleFire[]; timezone: string }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="fires-table">
        <thead>
          <tr>
            <th>For</th>
            <th>Trigger</th>
            <th>Outcome</th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody>
          {fires.map(fire => (
            <tr key={fire.id} data-testid="fire" data-outcome={fire.outcome}>
              <td>
                <TimeAgo value={fire.scheduled_for} />
                <div className="muted" style={{ fontSize: 12.5 }}>
                  {formatInZone(fire.scheduled_for, timezone)}
                </div>
              </td>
              <td>{fire.trigger === 'manual' ? 'run now' : 'cron'}</td>
              <td>
                <span className={OUTCOME_TONE[fire.outcome]}>{fire.outcome}</span>
              </td>
              <td>
                {fire.run_id ? (
                  <Link href={`/runs/${fire.run_id}`} className="mono" title={fire.run_id}>
                    {shortId(fire.run_id)}
                  </Link>
                ) : (
                  <span className="muted" title={fire.reason ?? undefined}>
                    {fire.detail ?? '–'}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
