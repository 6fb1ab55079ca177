// Schedules in the browser, against the real stack: create one (refused first with a wrong cron and zone), see
// when it fires next on its zone's clocks, pause it, run it now while paused and watch the run arrive, resume it,
// watch a schedule with seconds fire on its own on a chosen thread, and delete one while its runs stay.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, launch, screenshot, sleep, unique, until } from './helpers.mjs';

describe('Schedules', () => {
  /** @type {Awaited<ReturnType<typeof launch>>} */
  let browser;
  let page;
  let agent;
  let thread;
  let weekdays;
  let manualRunId;
  const created = [];

  before(async () => {
    agent = await api('POST', '/v1/agents', { name: unique('E2E schedule agent'), default_model_id: 'sim/default' });
    thread = await api('POST', '/v1/threads', { agent_id: agent.id, title: unique('E2E scheduled thread') });
    browser = await launch();
    page = browser.page;
  });

  after(async () => {
    // Whatever a failed test left firing stops firing.
    for (const id of created) {
      await api('DELETE', `/v1/schedules/${id}`).catch(() => {});
    }
    await browser?.close();
  });

  const scheduleIdInAddress = () => new URL(page.url()).pathname.split('/').pop();
  const status = () => page.getByTestId('schedule-status');
  const runsTable = () => page.getByRole('region', { name: 'Runs' }).getByTestId('runs-table');
  const fires = () => page.getByTestId('fire');

  async function fillForm({ cron, timezone, message, threadId }) {
    await page.getByLabel('Agent', { exact: true }).selectOption(agent.id);
    if (threadId) await page.getByLabel('Thread', { exact: true }).selectOption(threadId);
    if (cron) await page.getByLabel('Cron', { exact: true }).fill(cron);
    await page.getByLabel('Time zone', { exact: true }).fill(timezone);
    await page.getByLabel('Message', { exact: true }).fill(message);
  }

  it("creates a schedule, refused first for a wrong cron and zone, and shows its next fire on its zone's clocks", async () => {
    await page.goto('/schedules');
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.waitForURL(/\/schedules\/new/);
    const message = unique('Good morning, what is on today?');

    await fillForm({ cron: '61 9 * * *', timezone: 'Mars/Olympus_Mons', message });
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const errors = page.locator('.field-error');
    await until(async () => (await errors.count()) >= 2, { message: "the API's field errors" });
    const said = (await errors.allInnerTexts()).join(' ');
    assert.match(said, /cron is not a valid cron expression/);
    assert.match(said, /timezone is not a known IANA time zone/);
    assert.equal((await api('GET', `/v1/schedules?agent_id=${agent.id}`)).total, 0);
    await screenshot(page, 'schedule-new-refused');

    await page.getByRole('button', { name: 'Weekdays at 9:00' }).click();
    assert.equal(await page.getByLabel('Cron', { exact: true }).inputValue(), '0 9 * * 1-5');
    await page.getByLabel('Time zone', { exact: true }).fill('Asia/Tokyo');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    created.push(scheduleIdInAddress());

    weekdays = await api('GET', `/v1/schedules/${scheduleIdInAddress()}`);
    assert.equal(weekdays.agent_id, agent.id);
    assert.equal(weekdays.cron, '0 9 * * 1-5');
    assert.equal(weekdays.timezone, 'Asia/Tokyo');
    assert.equal(weekdays.message, message);
    assert.equal(weekdays.thread_id, undefined);
    assert.equal(await status().innerText(), 'active');
    assert.equal(await page.getByTestId('schedule-message').innerText(), message);

    // The next fire the API computed, shown as 9:00 on a weekday in Tokyo.
    const next = page.getByTestId('next-fire');
    assert.equal(await next.getAttribute('data-at'), weekdays.next_fire_at);
    assert.match(await next.innerText(), /(Mon|Tue|Wed|Thu|Fri), [A-Z][a-z]{2} \d{1,2}, \d{4}, 09:00:00$/);
    await screenshot(page, 'schedule');
  });

  it('pauses a schedule, runs it now while paused, shows its run and fire, and resumes it', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await until(async () => (await status().innerText()) === 'paused', { message: 'the schedule to show paused' });
    assert.equal(await page.getByTestId('next-fire').innerText(), 'paused');
    const paused = await api('GET', `/v1/schedules/${weekdays.id}`);
    assert.equal(paused.status, 'paused');
    assert.equal(paused.next_fire_at, undefined);

    await page.getByRole('button', { name: 'Run now' }).click();
    const started = page.getByTestId('started-run');
    await started.waitFor();
    manualRunId = (await started.getAttribute('href')).split('/').pop();

    // The run shows with the schedule and completes there; its fire says it was asked for.
    const row = runsTable().locator(`a[href="/runs/${manualRunId}"]`);
    await row.waitFor();
    await until(async () => (await runsTable().locator('[data-status]').first().innerText()) === 'completed', {
      timeout: 60_000,
      message: 'the run to complete in the schedule page',
    });
    await until(async () => (await fires().count()) === 1 && (await fires().first().getAttribute('data-outcome')) === 'started', { message: 'the fire' });
    assert.match(await fires().first().innerText(), /run now/);

    const runs = await api('GET', `/v1/runs?schedule_id=${weekdays.id}`);
    assert.deepEqual(runs.data.map(run => run.id), [manualRunId]);
    // Without a thread of its own, the fire started a thread of the agent, with the schedule's message.
    const messages = await api('GET', `/v1/threads/${runs.data[0].thread_id}/messages`);
    assert.equal(messages.data.find(m => m.role === 'user').content, weekdays.message);
    assert.notEqual(runs.data[0].thread_id, thread.id);

    await page.getByRole('button', { name: 'Resume' }).click();
    await until(async () => (await status().innerText()) === 'active', { message: 'the schedule to show active' });
    const resumed = await api('GET', `/v1/schedules/${weekdays.id}`);
    assert.ok(resumed.next_fire_at);
    await until(async () => (await page.getByTestId('next-fire').getAttribute('data-at')) === resumed.next_fire_at, { message: 'the next fire again' });
    await screenshot(page, 'schedule-ran');
  });

  it('fires a schedule with seconds on its own, on the chosen thread, and its runs arrive in the page', async () => {
    await page.goto(`/schedules/new?agent=${agent.id}`);
    await fillForm({ cron: '*/2 * * * * *', timezone: 'UTC', message: 'Tick.', threadId: thread.id });
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    const id = scheduleIdInAddress();
    created.push(id);
    assert.equal((await api('GET', `/v1/schedules/${id}`)).thread_id, thread.id);

    // Nobody presses anything: fires come, and the run of one shows, on the chosen thread.
    await until(async () => (await page.locator('[data-testid="fire"][data-outcome="started"]').count()) >= 1, { timeout: 30_000, message: 'a fire that started a run' });
    const threadLink = runsTable().locator(`a[href="/threads/${thread.id}"]`).first();
    await threadLink.waitFor({ timeout: 10_000 });
    await screenshot(page, 'schedule-seconds');

    await page.getByRole('button', { name: 'Pause' }).click();
    await until(async () => (await status().innerText()) === 'paused', { message: 'the schedule to show paused' });
    const firesWhenPaused = (await api('GET', `/v1/schedules/${id}/fires?limit=200`)).total;
    await sleep(4_500);
    assert.equal((await api('GET', `/v1/schedules/${id}/fires?limit=200`)).total, firesWhenPaused, 'a paused schedule does not fire');
    const runs = await api('GET', `/v1/runs?schedule_id=${id}&limit=200`);
    assert.ok(runs.total >= 1);
    assert.ok(runs.data.every(run => run.thread_id === thread.id));

    // The list shows both schedules with their status, timetable and next fire.
    await page.goto(`/schedules?agent=${agent.id}`);
    const rows = page.getByTestId('schedule-row');
    await until(async () => (await rows.count()) === 2, { message: 'both schedules listed' });
    const seconds = page.locator(`[data-testid="schedule-row"][data-id="${id}"]`);
    assert.equal(await seconds.locator('[data-status]').innerText(), 'paused');
    assert.match(await seconds.innerText(), /\*\/2 \* \* \* \* \*/);
    const morning = page.locator(`[data-testid="schedule-row"][data-id="${weekdays.id}"]`);
    assert.equal(await morning.locator('[data-status]').innerText(), 'active');
    assert.match(await morning.getByTestId('next-fire').innerText(), /09:00:00/);
    await screenshot(page, 'schedules');
  });

  it('deletes a schedule after a second click, and its runs stay', async () => {
    await page.goto(`/schedules/${weekdays.id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(/\/schedules$/);
    await page.getByTestId('schedules-table').waitFor();
    assert.equal(await page.locator(`[data-testid="schedule-row"][data-id="${weekdays.id}"]`).count(), 0);
    await assert.rejects(api('GET', `/v1/schedules/${weekdays.id}`), error => error.status === 404);
    assert.equal((await api('GET', `/v1/runs/${manualRunId}`)).status, 'completed');
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/schedules', `/schedules/${created[1]}`, '/schedules/new']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await sleep(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `nothing sticks out sideways on a phone at ${path} (${overflow}px)`);
    }
    await screenshot(page, 'schedules-phone');
    await page.setViewportSize({ width: 1360, height: 860 });
    assert.deepEqual(browser.errors.map(String), []);
  });
});
