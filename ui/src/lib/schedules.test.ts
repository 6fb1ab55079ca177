import { describe, expect, it } from 'vitest';
import { firesEverySeconds, formatInZone, timeZoneNames } from './schedules';

describe('formatInZone', () => {
  it("shows a time on the clocks of the schedule's zone, across daylight saving", () => {
    // 07:00 UTC is 09:00 in Berlin in summer (UTC+2) and 08:00 in winter (UTC+1).
    expect(formatInZone('2027-07-05T07:00:00Z', 'Europe/Berlin')).toBe('Mon, Jul 5, 2027, 09:00:00');
    expect(formatInZone('2027-01-04T07:00:00Z', 'Europe/Berlin')).toBe('Mon, Jan 4, 2027, 08:00:00');
    expect(formatInZone('2027-01-04T00:00:00Z', 'Asia/Tokyo')).toBe('Mon, Jan 4, 2027, 09:00:00');
  });

  it('says a zone the browser does not know is shown in UTC, and nothing for no time', () => {
    expect(formatInZone('2027-01-04T07:00:00Z', 'Nowhere/Special')).toBe('Mon, Jan 4, 2027, 07:00:00 UTC');
    expect(formatInZone(undefined, 'UTC')).toBe('–');
  });
});

describe('timeZoneNames', () => {
  it('offers UTC and the IANA names', () => {
    const names = timeZoneNames();
    expect(names).toContain('UTC');
    expect(names).toContain('Europe/Berlin');
  });
});

describe('firesEverySeconds', () => {
  it('knows a six-field cron has seconds', () => {
    expect(firesEverySeconds('*/5 * * * * *')).toBe(true);
    expect(firesEverySeconds('0 9 * * 1-5')).toBe(false);
  });
});
