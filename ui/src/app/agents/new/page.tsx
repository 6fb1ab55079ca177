'use client';

import Link from 'next/link';
import { AgentForm } from '@/components/agents/AgentForm';
import { Page, PageHeader } from '@/components/ui';

export default function NewAgentPage() {
  return (
    <Page>
      <PageHeader title="New agent" back={<Link href="/agents">← Agents</Link>} description="Name it, pick a model, write its instructions and give it tools." />
      <AgentForm />
    </Page>
  );
}
