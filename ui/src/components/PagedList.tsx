'use client';

import type { ReactNode } from 'react';
import { useAllAgents } from '@/lib/hooks/useAgents';
import { ErrorAlert, Loading, Pagination } from './ui';

/**
 * The card of a list page: skeleton rows until the items come, then the items and their pages, or `empty`.
 * A list that could not be read shows only the error: it is not an empty list.
 */
export function PagedList<T>({
  items,
  total,
  error,
  offset,
  limit,
  onOffset,
  empty,
  busy = false,
  children,
}: {
  /** undefined until loaded */
  items: T[] | undefined;
  total: number;
  error: unknown;
  offset: number;
  limit: number;
  onOffset: (offset: number) => void;
  empty: ReactNode;
  busy?: boolean;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      {error && !items ? null : (
        <section className="card" aria-busy={busy}>
          {!items ? (
            <Loading rows={5} />
          ) : items.length > 0 ? (
            <>
              {children(items)}
              <Pagination offset={offset} limit={limit} total={total} onChange={onOffset} />
            </>
          ) : (
            empty
          )}
        </section>
      )}
    </>
  );
}

/** Picks one agent (or all) to filter a list by. */
export function AgentFilter({ id, value, onChange }: { id: string; value: string | undefined; onChange: (agentId: string | undefined) => void }) {
  const agents = useAllAgents();
  return (
    <div className="field" style={{ width: 240 }}>
      <label htmlFor={id} className="field-label">
        Agent
      </label>
      <select id={id} className="select" value={value ?? ''} onChange={event => onChange(event.target.value || undefined)}>
        <option value="">All agents</option>
        {(agents.data ?? []).map(agent => (
          <option key={agent.id} value={agent.id}>
            {agent.name}
            {agent.status === 'archived' ? ' (archived)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
