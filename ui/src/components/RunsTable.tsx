'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { durationBetween, formatDuration, formatNumber, shortId } from '@/lib/format';
import { useAgentNames } from '@/lib/hooks/useAgents';
import type { Run } from '@/lib/types';
import { StatusBadge, TimeAgo } from './ui';

export function RunsTable({ runs, showThread = true, showAgent = true }: { runs: Run[]; showThread?: boolean; showAgent?: boolean }) {
  const agents = useAgentNames();
  const router = useRouter();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            {showAgent ? <th>Agent</th> : null}
            {showThread ? <th>Thread</th> : null}
            <th className="num">Tokens</th>
            <th className="num">Duration</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {runs.map(run => (
            <tr key={run.id} onClick={event => !(event.target as HTMLElement).closest('a') && router.push(`/runs/${run.id}`)} style={{ cursor: 'pointer' }}>
              <td>
                <Link href={`/runs/${run.id}`} className="mono" title={run.id}>
                  {shortId(run.id)}
                </Link>
                {run.attempt > 1 ? <span className="badge" style={{ marginLeft: 6 }} title={`Attempt ${run.attempt}`}>×{run.attempt}</span> : null}
              </td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              {showAgent ? (
                <td className="truncate" style={{ maxWidth: 200 }}>
                  <Link href={`/agents/${run.agent_id}`}>{agents.get(run.agent_id)?.name ?? shortId(run.agent_id)}</Link>
                </td>
              ) : null}
              {showThread ? (
                <td>
                  <Link href={`/threads/${run.thread_id}`} className="mono" title={run.thread_id}>
                    {shortId(run.thread_id)}
                  </Link>
                </td>
              ) : null}
              <td className="num">{formatNumber(run.usage.total_tokens)}</td>
              <td className="num">{formatDuration(durationBetween(run.started_at, run.finished_at))}</td>
              <td className="muted">
                <TimeAgo value={run.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
