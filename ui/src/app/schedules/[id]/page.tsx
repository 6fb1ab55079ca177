'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { RunsTable } from '@/components/RunsTable';
import { FiresTable } from '@/components/schedules/FiresTable';
import { NextFire } from '@/components/schedules/NextFire';
import { ScheduleActions } from '@/components/schedules/ScheduleActions';
import styles from '@/components/schedules/schedules.module.css';
import { EmptyState, ErrorAlert, Loading, Page, PageHeader, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { shortId } from '@/lib/format';
import { firesEverySeconds } from '@/lib/schedules';
import type { Schedule } from '@/lib/types';

function Summary({ schedule }: { schedule: Schedule }) {
  const fields: [string, ReactNode][] = [
    ['Cron', <code key="cron" data-testid="schedule-cron">{schedule.cron}</code>],
    ['Time zone', schedule.timezone],
    ['Next fire', <NextFire key="next" schedule={schedule} />],
    ['Thread', schedule.thread_id ? <Link key="thread" href={`/threads/${schedule.thread_id}`} className="mono">{shortId(schedule.thread_id)}</Link> : 'a new thread for each fire'],
    ['Missed fires', schedule.missed_fires === 'run_once' ? 'run once for the missed period' : 'skipped'],
    ['Created', <TimeAgo key="created" value={schedule.created_at} />],
  ];
  return (
    <dl className={styles.summary}>
      {fields.map(([label, value]) => (
        <div key={label} className={styles.summaryField}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function SchedulePage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  // A schedule with seconds fires often: it, its fires and its runs are looked at more often.
  const schedule = useQuery({
    queryKey: ['schedule', id],
    queryFn: ({ signal }) => api.getSchedule(id, signal),
    refetchInterval: query => (query.state.data && firesEverySeconds(query.state.data.cron) ? 1_500 : 5_000),
  });
  const interval = schedule.data && firesEverySeconds(schedule.data.cron) ? 1_500 : 5_000;
  const fires = useQuery({ queryKey: ['schedule', id, 'fires'], queryFn: ({ signal }) => api.listScheduleFires(id, { limit: 50 }, signal), refetchInterval: interval });
  const runs = useQuery({ queryKey: ['runs', 'schedule', id], queryFn: ({ signal }) => api.listRuns({ schedule_id: id, limit: 50 }, signal), refetchInterval: interval });
  const agent = useQuery({ queryKey: ['agent', schedule.data?.agent_id], queryFn: ({ signal }) => api.getAgent(schedule.data!.agent_id, signal), enabled: Boolean(schedule.data) });

  return (
    <Page wide>
      <PageHeader
        back={<Link href="/schedules">← Schedules</Link>}
        title={schedule.data ? `Schedule ${shortId(schedule.data.id)}` : 'Schedule'}
        description={
          schedule.data ? (
            <>
              {agent.data ? <Link href={`/agents/${agent.data.id}`}>{agent.data.name}</Link> : '…'} ·{' '}
              <span className={`badge badge-dot ${schedule.data.status === 'active' ? 'badge-success' : ''}`} data-testid="schedule-status" data-status={schedule.data.status}>
                {schedule.data.status}
              </span>
            </>
          ) : undefined
        }
        actions={schedule.data ? <ScheduleActions schedule={schedule.data} onDeleted={() => router.push('/schedules')} /> : null}
      />
      <ErrorAlert error={schedule.error} />
      {schedule.isPending ? <Loading rows={4} /> : null}
      {schedule.data ? (
        <>
          <section className="card" aria-label="Timetable">
            <Summary schedule={schedule.data} />
          </section>
          <section className="card" aria-label="Message">
            <div className="card-header">
              <h2>Message</h2>
            </div>
            <div className="card-body">
              <p className={styles.message} data-testid="schedule-message">
                {schedule.data.message}
              </p>
            </div>
          </section>
          <div className={styles.grid}>
            <section className="card" aria-label="Runs">
              <div className="card-header">
                <h2>Runs</h2>
                <span className="muted">{runs.data?.total ?? ''}</span>
              </div>
              <ErrorAlert error={runs.error} />
              {runs.isPending ? <Loading rows={3} /> : runs.data && runs.data.data.length > 0 ? <RunsTable runs={runs.data.data} showAgent={false} /> : runs.data ? <EmptyState title="No runs yet">Its runs show here as it fires.</EmptyState> : null}
            </section>
            <section className="card" aria-label="Fires">
              <div className="card-header">
                <h2>Fires</h2>
                <span className="muted">{fires.data?.total ?? ''}</span>
              </div>
              <ErrorAlert error={fires.error} />
              {fires.isPending ? <Loading rows={3} /> : fires.data && fires.data.data.length > 0 ? <FiresTable fires={fires.data.data} timezone={schedule.data.timezone} /> : fires.data ? <EmptyState title="Not fired yet" /> : null}
            </section>
          </div>
        </>
      ) : null}
    </Page>
  );
}
