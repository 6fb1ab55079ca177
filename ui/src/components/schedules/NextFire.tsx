'use client';

import { TimeAgo } from '@/components/ui';
import { formatInZone } from '@/lib/schedules';
import type { Schedule } from '@/lib/types';

/** When a schedule fires next, on its zone's clocks and from now; a paused one says so. */
export function NextFire({ schedule, withZone = false }: { schedule: Schedule; withZone?: boolean }) {
  if (schedule.status === 'paused') return <span className="faint" data-testid="next-fire">paused</span>;
  if (!schedule.next_fire_at) return <span className="faint" data-testid="next-fire">never again</span>;
  return (
    <span data-testid="next-fire" data-at={schedule.next_fire_at}>
      <TimeAgo value={schedule.next_fire_at} />
      <span className="muted" style={{ display: 'block', fontSize: 12.5, fontWeight: 400 }}>
        {formatInZone(schedule.next_fire_at, schedule.timezone)}
        {withZone ? ` (${schedule.timezone})` : ''}
      </span>
    </span>
  );
}
