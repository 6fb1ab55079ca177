'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { ScheduleForm } from '@/components/schedules/ScheduleForm';
import { Loading, Page, PageHeader } from '@/components/ui';

function NewSchedule() {
  const agentId = useSearchParams().get('agent') ?? undefined;
  return (
    <Page>
      <PageHeader title="New schedule" back={<Link href="/schedules">← Schedules</Link>} description="Pick an agent, a timetable and the message it answers at every fire." />
      <ScheduleForm agentId={agentId} />
    </Page>
  );
}

export default function NewSchedulePage() {
  return (
    <Suspense fallback={<Loading />}>
      <NewSchedule />
    </Suspense>
  );
}
