'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ErrorAlert, StatusBadge, TimeAgo } from '@/components/ui';
import { api } from '@/lib/api';
import { durationBetween, formatDateTime, formatDuration } from '@/lib/format';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '@/lib/types';

const DELIVERY_TONE: Record<DeliveryStatus, string> = {
  pending: 'badge badge-info',
  delivered: 'badge badge-success',
  failed: 'badge badge-danger',
};

const OUTCOME_LABEL: Record<DeliveryAttempt['outcome'], string> = {
  in_flight: 'in flight',
  delivered: 'delivered',
  will_retry: 'will retry',
  failed: 'failed',
  interrupted: 'interrupted',
};

/**
 * The calls of the run's completion webhook: one per end of a turn, each with its attempts. Shown only when the run
 * has a webhook; followed while a call is pending or the run may end another turn.
 */
export function RunDeliveries({ runId, active }: { runId: string; active: boolean }) {
  const deliveries = useQuery({
    queryKey: ['deliveries', runId],
    queryFn: ({ signal }) => api.listDeliveries(runId, { limit: 200 }, signal),
    refetchInterval: query => (active || query.state.data?.data.some(d => d.status === 'pending') ? 2_000 : false),
  });
  const { refetch } = deliveries;
  // The turn's end queues its call: read once more when the run stops being active, or a list read just before the
  // end (empty, nothing pending) would stop the polling with the call never shown.
  useEffect(() => {
    if (!active) void refetch();
  }, [active, refetch]);
  const data = deliveries.data?.data ?? [];
  if (deliveries.error) return <ErrorAlert error={deliveries.error} title="The webhook deliveries could not be read:" />;
  if (data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="run-deliveries" data-testid="run-deliveries">
      <div className="card-header">
        <h2 id="run-deliveries">
          Completion webhook <span className="muted">({data.length})</span>
        </h2>
      </div>
      <div className="card-body" style={{ display: 'grid', gap: 16 }}>
        {data.map(delivery => (
          <DeliveryCard key={delivery.id} delivery={delivery} />
        ))}
      </div>
    </section>
  );
}

function DeliveryCard({ delivery }: { delivery: Delivery }) {
  return (
    <div data-testid="delivery" data-status={delivery.status}>
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <span className={DELIVERY_TONE[delivery.status]}>{delivery.status}</span>
        <span className="muted">the run</span>
        <StatusBadge status={delivery.run_status} />
        <span className="mono" style={{ overflowWrap: 'anywhere' }}>{delivery.url}</span>
        <span className="spacer" />
        <span className="muted">
          {delivery.status === 'pending' && delivery.next_attempt_at ? (
            <>
              next attempt <TimeAgo value={delivery.next_attempt_at} />
            </>
          ) : (
            <TimeAgo value={delivery.settled_at ?? delivery.created_at} />
          )}
        </span>
      </div>
      {delivery.last_error && delivery.status !== 'delivered' ? (
        <div className={`alert ${delivery.status === 'failed' ? 'alert-error' : 'alert-warning'}`} style={{ marginTop: 8 }}>
          {delivery.last_error}
        </div>
      ) : null}
      {delivery.attempts.length > 0 ? (
        <div className="table-wrap" style={{ marginTop: 8 }}>
          <table className="table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Outcome</th>
                <th className="num">Answer</th>
                <th>Started</th>
                <th className="num">Took</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {delivery.attempts.map(attempt => (
                <tr key={attempt.attempt} data-testid="delivery-attempt" data-outcome={attempt.outcome}>
                  <td className="num">{attempt.attempt}</td>
                  <td>{OUTCOME_LABEL[attempt.outcome]}</td>
                  <td className="num mono">{attempt.status_code ?? '–'}</td>
                  <td>{formatDateTime(attempt.started_at)}</td>
                  <td className="num">{attempt.finished_at ? formatDuration(durationBetween(attempt.started_at, attempt.finished_at)) : '–'}</td>
                  <td className="muted" style={{ overflowWrap: 'anywhere' }}>{attempt.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
