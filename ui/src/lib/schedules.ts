// What the schedule pages show and offer: cron presets, time zone names, and times read in a schedule's zone.

/** Common timetables, for the form's shortcuts. The API takes any five-field cron, or six with seconds first. */
export const CRON_PRESETS: readonly { label: string; cron: string }[] = [
  { label: 'Weekdays at 9:00', cron: '0 9 * * 1-5' },
  { label: 'Every day at 9:00', cron: '0 9 * * *' },
  { label: 'Every hour', cron: '0 * * * *' },
  { label: 'Every 15 minutes', cron: '*/15 * * * *' },
  { label: 'Every 30 seconds', cron: '*/30 * * * * *' },
];

/** The browser's own IANA time zone, or UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The IANA zone names the browser knows, for suggestions (the API decides what it accepts). */
export function timeZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return names.includes('UTC') ? names : ['UTC', ...names];
}

/** A time as the clocks of `timeZone` show it, as "Mon, Jan 4, 2027, 09:00:00"; the zone's name is said apart. */
export function formatInZone(value: string | null | undefined, timeZone: string): string {
  if (!value) return '–';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '–';
  try {
    return new Intl.DateTimeFormat('en', {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    }).format(date);
  } catch {
    // A zone the browser does not know: UTC, said so.
    return `${formatInZone(value, 'UTC')} UTC`;
  }
}

/** Whether the cron has a seconds field (six fields), to refresh what is shown more often. */
export function firesEverySeconds(cron: string): boolean {
  return cron.trim().split(/\s+/).length === 6;
}
