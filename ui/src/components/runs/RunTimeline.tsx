import { Loading } from '@/components/ui';
import { formatDuration, formatNumber } from '@/lib/format';
import type { RunStreamState } from '@/lib/stream/reducer';
import type { Timeline } from '@/lib/timeline';
import styles from '@/app/runs/runs.module.css';

/** A run's steps as bars on a time axis, and the tokens of each model call. */
export function RunTimeline({ timeline, state, live }: { timeline: Timeline; state: RunStreamState; live: boolean }) {
  return (
    <section className="card" aria-labelledby="timeline">
      <div className="card-header">
        <h2 id="timeline">Timeline</h2>
        <span className="muted">{live ? 'live' : timeline.rows.length ? formatDuration(timeline.spanMs) : ''}</span>
      </div>
      {timeline.rows.length === 0 ? (
        state.status === 'idle' ? <Loading rows={3} /> : <p className="card-body muted" style={{ margin: 0 }}>No steps recorded.</p>
      ) : (
        <ol className={styles.timeline} data-testid="timeline">
          {timeline.rows.map(row => {
            const left = (row.startMs / timeline.spanMs) * 100;
            const width = Math.max(((row.endMs - row.startMs) / timeline.spanMs) * 100, 0.6);
            return (
              <li key={row.id} className={`${styles.timelineRow} ${row.depth ? styles.timelineChild : ''}`} data-testid="timeline-row" data-kind={row.kind}>
                <div className={styles.timelineLabel}>
                  <span className={`${styles.kind} ${styles[`kind_${row.kind}`]}`} aria-hidden="true" />
                  <span className={row.kind === 'tool' ? 'mono' : undefined}>{row.label}</span>
                  {row.status && row.status !== 'done' ? <span className="badge badge-warning">{row.status}</span> : null}
                </div>
                <div className={styles.track} aria-hidden="true">
                  <div className={`${styles.bar} ${styles[`bar_${row.kind}`]} ${row.running ? styles.barRunning : ''}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                </div>
                <div className={styles.timelineDuration} data-testid="timeline-duration">
                  {row.durationMs !== undefined ? formatDuration(row.durationMs) : row.running ? 'running…' : '–'}
                  <span className="faint"> @ +{formatDuration(row.startMs)}</span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {state.usage.length > 0 ? (
        <div className="table-wrap" style={{ borderTop: '1px solid var(--border)' }}>
          <table className="table">
            <thead>
              <tr>
                <th>Model call</th>
                <th>Model</th>
                <th className="num">Input tokens</th>
                <th className="num">Output tokens</th>
              </tr>
            </thead>
            <tbody>
              {state.usage.map((usage, index) => (
                <tr key={index}>
                  <td>
                    {usage.iteration ?? index + 1}
                    {usage.estimated ? (
                      <span className="muted" title="The run was stopped during this answer: its tokens are estimated from the text">
                        {' '}
                        (stopped, estimated)
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <code>{usage.model ?? '–'}</code>
                  </td>
                  <td className="num">{formatNumber(usage.inputTokens)}</td>
                  <td className="num">{formatNumber(usage.outputTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
