'use client';

import { useQuery } from '@tanstack/react-query';
import { Bot, MessageSquare, Plus, Search } from 'lucide-react';
import Link from 'next/link';
import { Suspense, useDeferredValue, useMemo } from 'react';
import styles from '@/components/agents/agents.module.css';
import { PagedList } from '@/components/PagedList';
import { EmptyState, Loading, Page, PageHeader, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { useUrlFilters } from '@/lib/hooks/useUrlFilters';
import type { AgentStatus } from '@/lib/types';

const PAGE_SIZE = 20;
// The API lists agents newest first without a text filter: search looks through this many.
const SEARCH_WINDOW = 200;

type Filter = AgentStatus | 'all';

function AgentsList() {
  const { params, offset, update } = useUrlFilters();
  const filter = (['active', 'archived', 'all'].includes(params.get('status') ?? '') ? params.get('status') : 'active') as Filter;
  const search = params.get('q') ?? '';
  const deferredSearch = useDeferredValue(search);

  const query = useQuery({
    queryKey: ['agents', 'list', filter],
    queryFn: ({ signal }) => api.listAgents({ status: filter, limit: SEARCH_WINDOW }, signal),
  });

  const matches = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const all = query.data?.data ?? [];
    if (!needle) return all;
    return all.filter(agent => [agent.name, agent.description ?? '', agent.default_model_id].some(text => text.toLowerCase().includes(needle)));
  }, [query.data, deferredSearch]);
  const pageItems = matches.slice(offset, offset + PAGE_SIZE);

  return (
    <Page>
      <PageHeader
        title="Agents"
        description="An agent is a system prompt, a model and tools."
        actions={
          <Link href="/agents/new" className="btn btn-primary">
            <Plus size={15} /> New agent
          </Link>
        }
      />
      <div className="row">
        <div className={styles.search}>
          <Search size={15} aria-hidden="true" />
          <input className="input" type="search" placeholder="Search by name, description or model" aria-label="Search agents" value={search} onChange={event => update({ q: event.target.value || undefined, offset: undefined })} />
        </div>
        <div className={styles.segmented} role="radiogroup" aria-label="Show">
          {(['active', 'archived', 'all'] as const).map(value => (
            <button key={value} role="radio" aria-checked={filter === value} className={`${styles.segment} ${filter === value ? styles.segmentActive : ''}`} onClick={() => update({ status: value === 'active' ? undefined : value, offset: undefined })}>
              {value === 'active' ? 'Active' : value === 'archived' ? 'Archived' : 'All'}
            </button>
          ))}
        </div>
      </div>
      <PagedList
        items={query.data ? pageItems : undefined}
        total={matches.length}
        error={query.error}
        offset={offset}
        limit={PAGE_SIZE}
        onOffset={value => update({ offset: value ? String(value) : undefined })}
        empty={
          search ? (
            <EmptyState title="No agent matches" icon={<Search size={22} />}>
              Nothing called “{search}”{filter !== 'all' ? ` among ${filter} agents` : ''}.
            </EmptyState>
          ) : filter === 'archived' ? (
            <EmptyState title="No archived agents">Archived agents keep their threads and runs, and cannot start new runs.</EmptyState>
          ) : (
            <EmptyState title="No agents yet" icon={<Bot size={22} />} action={<Link href="/agents/new" className="btn btn-primary"><Plus size={15} /> Create your first agent</Link>}>
              Create an agent, then chat with it.
            </EmptyState>
          )
        }
      >
        {items => (
          <div className="table-wrap">
            <table className="table" data-testid="agents-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Model</th>
                  <th>Tools</th>
                  <th>Updated</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {items.map(agent => (
                  <tr key={agent.id}>
                    <td style={{ maxWidth: 360 }}>
                      <Link href={`/agents/${agent.id}`} className={styles.agentName}>
                        {agent.name}
                      </Link>
                      {agent.status === 'archived' ? <span className="badge" style={{ marginLeft: 8 }}>archived</span> : null}
                      {agent.description ? <div className="muted truncate">{agent.description}</div> : null}
                    </td>
                    <td>
                      <code>{agent.default_model_id}</code>
                    </td>
                    <td>
                      <div className={styles.listTools}>
                        {(agent.definition.tools ?? []).length === 0 ? <span className="faint">–</span> : null}
                        {(agent.definition.tools ?? []).slice(0, 3).map(tool => (
                          <span key={tool.name} className={`badge ${tool.policy === 'requires_approval' ? 'badge-warning' : ''}`}>
                            {tool.name}
                          </span>
                        ))}
                        {(agent.definition.tools ?? []).length > 3 ? <span className="badge">+{(agent.definition.tools ?? []).length - 3}</span> : null}
                      </div>
                    </td>
                    <td className="muted">
                      <TimeAgo value={agent.updated_at} />
                    </td>
                    <td style={{ textAlign: 'right' }}>
                      {agent.status === 'active' ? (
                        <Link href={`/chat?agent=${agent.id}`} className="btn btn-sm" aria-label={`Chat with ${agent.name}`}>
                          <MessageSquare size={14} /> Chat
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
      {(query.data?.total ?? 0) > SEARCH_WINDOW ? <p className="muted">Search covers the {SEARCH_WINDOW} newest agents.</p> : null}
    </Page>
  );
}

export default function AgentsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AgentsList />
    </Suspense>
  );
}
