'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CalendarClock, Plus } from 'lucide-react';
import Link from 'next/link';
import { Suspense } from 'react';
import styles from '@/components/schedules/schedules.module.css';
import { AgentFilter, PagedList } from '@/components/PagedList';
import { NextFire } from '@/components/schedules/NextFire';
import { ScheduleActions } from '@/components/schedules/ScheduleActions';
import { EmptyState, Loading, Page, PageHeader, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import { useAgentNames } from '@/lib/hooks/useAgents';
import { useUrlFilters } from '@/lib/hooks/useUrlFilters';
import type { ScheduleStatus } from '@/lib/types';

const PAGE_SIZE = 25;

function SchedulesList() {
  const { params, offset, update } = useUrlFilters();
  const status = (['active', 'paused'] as const).find(value => value === params.get('status')) as ScheduleStatus | undefined;
  const agentId = params.get('agent') ?? undefined;
  const names = useAgentNames();

  const schedules = useQuery({
    queryKey: ['schedules', 'list', status, agentId, offset],
    queryFn: ({ signal }) => api.listSchedules({ status, agent_id: agentId, limit: PAGE_SIZE, offset }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });

  return (
    <Page wide>
      <PageHeader
        title="Schedules"
        description="Agents at work on a timetable: each fire sends a message and starts a run."
        actions={
          <Link href={agentId ? `/schedules/new?agent=${agentId}` : '/schedules/new'} className="btn btn-primary">
            <Plus size={15} /> New schedule
          </Link>
        }
      />
      <div className="row">
        <div className="field" style={{ width: 180 }}>
          <label htmlFor="schedules-status" className="field-label">
            Status
          </label>
          <select id="schedules-status" className="select" value={status ?? ''} onChange={event => update({ status: event.target.value || undefined, offset: undefined })}>
            <option value="">All</option>
            <option value="active">active</option>
            <option value="paused">paused</option>
          </select>
        </div>
        <AgentFilter id="schedules-agent" value={agentId} onChange={agent => update({ agent, offset: undefined })} />
      </div>
      <PagedList
        items={schedules.data?.data}
        total={schedules.data?.total ?? 0}
        error={schedules.error}
        busy={schedules.isFetching}
        offset={offset}
        limit={PAGE_SIZE}
        onOffset={value => update({ offset: value ? String(value) : undefined })}
        empty={
          status || agentId ? (
            <EmptyState title="No schedules match these filters" icon={<CalendarClock size={22} />} />
          ) : (
            <EmptyState title="No schedules yet" icon={<CalendarClock size={22} />} action={<Link href="/schedules/new" className="btn btn-primary"><Plus size={15} /> Create a schedule</Link>}>
              A schedule has an agent answer a message every morning, every hour, or every few seconds.
            </EmptyState>
          )
        }
      >
        {items => (
          <div className="table-wrap">
            <table className="table" data-testid="schedules-table">
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Agent</th>
                  <th>When</th>
                  <th>Status</th>
                  <th>Next fire</th>
                  <th>Last fire</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {items.map(schedule => (
                  <tr key={schedule.id} data-testid="schedule-row" data-id={schedule.id}>
                    <td className="truncate" style={{ maxWidth: 260 }}>
                      <Link href={`/schedules/${schedule.id}`} className={styles.name} title={schedule.message}>
                        {schedule.message}
                      </Link>
                    </td>
                    <td className="truncate" style={{ maxWidth: 160 }}>
                      <Link href={`/agents/${schedule.agent_id}`}>{names.get(schedule.agent_id)?.name ?? shortId(schedule.agent_id)}</Link>
                    </td>
                    <td>
                      <code style={{ whiteSpace: 'nowrap' }}>{schedule.cron}</code>
                      <div className="muted" style={{ fontSize: 12.5 }}>
                        {schedule.timezone}
                      </div>
                    </td>
                    <td>
                      <span className={`badge badge-dot ${schedule.status === 'active' ? 'badge-success' : ''}`} data-status={schedule.status}>
                        {schedule.status}
                      </span>
                    </td>
                    <td>
                      <NextFire schedule={schedule} />
                    </td>
                    <td className="muted">{schedule.last_fire ? <TimeAgo value={schedule.last_fire.fired_at} /> : <span className="faint">never</span>}</td>
                    <td>
                      <ScheduleActions schedule={schedule} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </Page>
  );
}

export default function SchedulesPage() {
  return (
    <Suspense fallback={<Loading />}>
      <SchedulesList />
    </Suspense>
  );
}
