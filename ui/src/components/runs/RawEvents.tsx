'use client';

import { EventType } from '@ag-ui/core';
import { useMemo, useState } from 'react';
import { Loading } from '@/components/ui';
import { summariseEvent } from '@/lib/eventSummary';
import { formatDuration, formatNumber, prettyJson } from '@/lib/format';
import type { RawEvent, RunStreamState } from '@/lib/stream/reducer';
import styles from '@/app/runs/runs.module.css';

const RAW_PAGE = 300;
const DELTAS = new Set<string>([EventType.TEXT_MESSAGE_CONTENT, EventType.TOOL_CALL_ARGS]);

/** Every event of a run as it was stored, filterable by type, each one's JSON a click away. */
export function RawEvents({ raw, state, originMs }: { raw: RawEvent[]; state: RunStreamState; originMs?: number }) {
  const [typeFilter, setTypeFilter] = useState('');
  const [hideDeltas, setHideDeltas] = useState(false);
  const [rawLimit, setRawLimit] = useState(RAW_PAGE);
  const types = useMemo(() => [...new Set(raw.map(event => event.event.type))].sort(), [raw]);
  const filtered = raw.filter(event => (!typeFilter || event.event.type === typeFilter) && !(hideDeltas && DELTAS.has(event.event.type)));
  const origin = originMs ?? raw[0]?.event.timestamp;

  return (
    <section className="card" aria-labelledby="raw-events">
      <div className="card-header" style={{ flexWrap: 'wrap' }}>
        <h2 id="raw-events">
          Events <span className="muted">({formatNumber(raw.length)})</span>
        </h2>
        <div className="row">
          <label className="checkbox">
            <input type="checkbox" checked={hideDeltas} onChange={event => setHideDeltas(event.target.checked)} /> Hide deltas
          </label>
          <select className="select" style={{ width: 210, height: 30 }} value={typeFilter} onChange={event => setTypeFilter(event.target.value)} aria-label="Event type">
            <option value="">All types</option>
            {types.map(type => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </div>
      </div>
      <ol className={styles.events} data-testid="raw-events">
        {filtered.slice(0, rawLimit).map(event => (
          <li key={event.seq}>
            <details className={styles.event}>
              <summary>
                <span className={`mono ${styles.seq}`}>#{event.seq}</span>
                <span className={`mono faint ${styles.offset}`}>{origin !== undefined && event.event.timestamp !== undefined ? `+${formatDuration(event.event.timestamp - origin)}` : ''}</span>
                <span className={`badge ${styles.eventType}`}>{event.event.type}</span>
                <span className={`mono truncate ${styles.eventSummary}`}>{summariseEvent(event.event)}</span>
              </summary>
              <pre className={styles.eventJson}>{prettyJson(event.event)}</pre>
            </details>
          </li>
        ))}
      </ol>
      {filtered.length > rawLimit ? (
        <div className="card-body">
          <button className="btn btn-sm" onClick={() => setRawLimit(limit => limit + RAW_PAGE * 4)}>
            Show more ({formatNumber(filtered.length - rawLimit)} left)
          </button>
        </div>
      ) : null}
      {raw.length === 0 && state.status === 'idle' ? <Loading rows={2} /> : null}
    </section>
  );
}
