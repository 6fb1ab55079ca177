// Browser tests against the real stack: a running `next start` (EVERRUNS_UI_URL) forwarding to a
// running API with the model simulator (EVERRUNS_API_URL). They run in order and share one browser:
// the agent the first test creates is the one the chat tests talk to.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { api, apiHasApprovals, launch, screenshot, sleep, unique, until } from './helpers.mjs';

const words = text => text.replace(/\s+/g, ' ').trim();
// --bg of the light and dark themes, as the browser computes them.
const LIGHT_BACKGROUND = 'rgb(247, 247, 249)';
const DARK_BACKGROUND = 'rgb(14, 14, 18)';

describe('Everruns UI', () => {
  /** @type {Awaited<ReturnType<typeof launch>>} */
  let browser;
  let page;
  let agentId;
  let toolRunId;

  before(async () => {
    browser = await launch();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
  });

  const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const assistantMessages = () => page.locator('[data-testid="message"][data-role="assistant"]');

  async function send(text) {
    const composer = page.getByTestId('composer');
    await composer.fill(text);
    await composer.press('Enter');
  }

  async function runIdInHeader() {
    const link = page.getByTestId('run-link');
    await link.waitFor();
    const href = await link.getAttribute('href');
    return href.split('/').pop();
  }

  async function storedAssistant(threadId) {
    const messages = await api('GET', `/v1/threads/${threadId}/messages?limit=200`);
    return messages.data.filter(message => message.role === 'assistant' && message.content);
  }

  it('creates an agent with a model, a markdown system prompt and a validated tool', async () => {
    const name = unique('E2E agent');
    await page.goto('/agents/new');
    await page.getByLabel('Name', { exact: true }).first().fill(name);
    await page.getByLabel('Description', { exact: true }).first().fill('Made by the browser tests');
    await page.getByLabel('Model', { exact: true }).selectOption('sim/default');
    // A new agent has no temperature: the box says "default" and the slider agrees, until one is chosen.
    const slider = page.getByTestId('temperature-slider');
    assert.equal(await page.getByLabel('Temperature', { exact: true }).inputValue(), '');
    assert.equal(await slider.getAttribute('data-unset'), 'true');
    assert.equal(await slider.getAttribute('aria-valuetext'), "the model's default");
    await page.getByLabel('Temperature', { exact: true }).fill('0.3');
    assert.equal(await slider.getAttribute('data-unset'), 'false');
    assert.equal(await slider.inputValue(), '0.3');
    await page.getByTestId('temperature-default').click();
    assert.equal(await page.getByLabel('Temperature', { exact: true }).inputValue(), '');
    assert.equal(await slider.getAttribute('data-unset'), 'true');
    await page.getByLabel('Temperature', { exact: true }).fill('0.3');
    await page.getByRole('textbox', { name: 'System prompt' }).fill('You are **helpful**.\n\n- answer briefly\n- be kind');
    await page.getByRole('tab', { name: 'Preview' }).click();
    const preview = page.getByTestId('prompt-preview');
    assert.equal(await preview.locator('strong').innerText(), 'helpful');
    assert.equal(await preview.locator('li').count(), 2);
    await page.getByRole('tab', { name: 'Write' }).click();

    await page.getByRole('button', { name: 'Built-in tool' }).click();
    // A webhook whose schema is not valid JSON Schema is caught before saving, then removed.
    await page.getByRole('button', { name: 'Webhook tool' }).click();
    await page.getByLabel('Parameters (JSON Schema)').last().fill('{"type":"object","properties":{"n":{"type":"integer","minimum":"one"}}}');
    await page.getByTestId('schema-error').waitFor();
    assert.match(await page.getByTestId('schema-error').innerText(), /Not a valid JSON Schema/);
    await screenshot(page, 'agent-new');
    await page.getByRole('button', { name: 'Remove tool webhook_2' }).click();

    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]{36}/);
    agentId = new URL(page.url()).pathname.split('/').pop();
    const agent = await api('GET', `/v1/agents/${agentId}`);
    assert.equal(agent.name, name);
    assert.equal(agent.default_model_id, 'sim/default');
    assert.equal(agent.definition.temperature, 0.3);
    assert.match(agent.definition.system_prompt, /\*\*helpful\*\*/);
    assert.deepEqual(agent.definition.tools.map(tool => tool.name), ['current_time']);
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await screenshot(page, 'agent-edit');

    await page.goto(`/agents?q=${encodeURIComponent(name)}`);
    await page.getByRole('link', { name, exact: true }).waitFor();
    assert.equal(await page.getByTestId('agents-table').locator('tbody tr').count(), 1);
    await screenshot(page, 'agents');
  });

  it('chats: Shift+Enter makes a new line, Enter sends, and the answer streams token by token', async () => {
    await page.goto(`/chat?agent=${agentId}`);
    const composer = page.getByTestId('composer');
    await composer.click();
    await composer.pressSequentially('Hello there');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('Tell me more [long:240]');
    assert.equal(await composer.inputValue(), 'Hello there\nTell me more [long:240]');
    await composer.press('Enter');

    const user = page.locator('[data-testid="message"][data-role="user"]').last();
    await user.waitFor();
    assert.equal(await user.getByTestId('message-text').innerText(), 'Hello there\nTell me more [long:240]');

    const answer = assistantMessages().last();
    await answer.waitFor();
    const lengths = [];
    await until(
      async () => {
        lengths.push((await answer.innerText()).length);
        return (await answer.getAttribute('data-streaming')) === 'false';
      },
      { timeout: 30_000, interval: 100, message: 'the answer to finish streaming' },
    );
    const growth = lengths.filter((length, index) => index > 0 && length > lengths[index - 1]).length;
    // At least three separate growths: it streams (on a busy machine the browser samples it only a few times).
    assert.ok(growth >= 3, `the text grew in ${growth} steps (${lengths.join(',')}): it should stream, not arrive at once`);

    const threadId = new URL(page.url()).searchParams.get('thread');
    assert.ok(threadId, 'the new thread is in the address');
    const [stored] = await storedAssistant(threadId);
    await until(async () => (await assistantMessages().last().getAttribute('data-message-id')) === stored.id, { message: 'the stored answer' });
    assert.equal(words(await assistantMessages().last().getByTestId('message-text').innerText()), words(stored.content));
    await screenshot(page, 'chat');
  });

  it('shows a tool call as a card with its arguments and result', async () => {
    await page.getByTestId('new-chat').click();
    await page.waitForURL(url => !url.searchParams.get('thread'));
    await send('What time is it? [tool:current_time]');
    const card = page.locator('[data-testid="tool-call"][data-tool="current_time"]');
    await card.waitFor();
    await until(async () => (await card.getAttribute('data-status')) === 'completed', { message: 'the tool result' });
    await card.locator('summary').click();
    assert.equal(words(await card.getByTestId('tool-args').innerText()), '{}');
    assert.match(await card.getByTestId('tool-result').innerText(), /"utc"/);
    await until(async () => (await assistantMessages().last().getAttribute('data-streaming')) === 'false', { message: 'the final answer' });
    assert.match(await assistantMessages().last().innerText(), /current_time returned/);
    toolRunId = await runIdInHeader();
    await screenshot(page, 'chat-tool-call');
  });

  it('stops a run with the stop button and keeps what it said, after a reload too', async () => {
    await page.getByTestId('new-chat').click();
    await page.waitForURL(url => !url.searchParams.get('thread'));
    await send('Go on for a long time [long:3000]');
    const answer = assistantMessages().last();
    await until(async () => (await answer.innerText()).length > 30, { message: 'the answer to start' });
    const runId = await runIdInHeader();
    await page.getByTestId('stop').click();
    const notice = page.locator('[data-testid="run-notice"][data-tone="cancelled"]');
    await notice.waitFor();
    const run = await until(async () => {
      const current = await api('GET', `/v1/runs/${runId}`);
      return current.status === 'cancelled' ? current : undefined;
    }, { message: 'the run to be cancelled' });
    assert.equal(run.cancel_requested, true);
    await page.getByTestId('send').waitFor();
    const partial = words(await answer.getByTestId('message-text').innerText());
    assert.ok(partial.split(' ').length < 3000, 'the answer stopped early');

    // What was streamed is the thread's answer now, marked as stopped, and its tokens are counted.
    await answer.getByTestId('cut-short').waitFor();
    const threadId = new URL(page.url()).searchParams.get('thread');
    const [kept] = await storedAssistant(threadId);
    assert.equal(kept.cut_short, true);
    assert.equal(words(kept.content), partial);
    assert.ok(run.usage.output_tokens > 0, 'the stopped answer counts in the usage');
    await screenshot(page, 'chat-stopped');

    await page.reload();
    const reloaded = assistantMessages().last();
    await reloaded.getByTestId('cut-short').waitFor();
    assert.equal(await reloaded.getAttribute('data-message-id'), kept.id);
    assert.equal(words(await reloaded.getByTestId('message-text').innerText()), partial);
    await notice.waitFor();
  });

  it('shows a run that failed in the conversation', async () => {
    await page.getByTestId('new-chat').click();
    await page.waitForURL(url => !url.searchParams.get('thread'));
    await send('This will fail [error:500]');
    const notice = page.locator('[data-testid="run-notice"][data-tone="error"]');
    await notice.waitFor({ timeout: 60_000 });
    assert.match(await notice.innerText(), /The run failed: The model provider answered 500/);
    const runId = await runIdInHeader();
    assert.equal((await api('GET', `/v1/runs/${runId}`)).status, 'failed');
    // Reopening the thread shows the error from the stored run.
    await page.reload();
    await notice.waitFor();
    await screenshot(page, 'chat-run-error');
    // So does a new browser session, which has nothing of the stream kept: the reason, and a link to the run.
    const threadUrl = page.url();
    await browser.reopen();
    page = browser.page;
    await page.goto(threadUrl);
    const stored = page.locator('[data-testid="run-notice"][data-tone="error"]');
    await stored.waitFor();
    assert.match(await stored.innerText(), /The run failed: The model provider answered 500/);
    assert.equal(await stored.getByRole('link', { name: 'Run details' }).getAttribute('href'), `/runs/${runId}`);
  });

  it('picks the stream up after a reload in the middle of an answer, losing and doubling nothing', async () => {
    await page.getByTestId('new-chat').click();
    await page.waitForURL(url => !url.searchParams.get('thread'));
    await send('Reload in the middle [long:300]');
    const answer = assistantMessages().last();
    await until(async () => (await answer.innerText()).length > 40, { message: 'the answer to start' });
    const runId = await runIdInHeader();
    const threadId = new URL(page.url()).searchParams.get('thread');
    const saved = await page.evaluate(id => JSON.parse(sessionStorage.getItem(`everruns:run-stream:${id}`) ?? 'null')?.seq ?? 0, runId);
    assert.ok(saved > 0, 'the last event seen is kept in session storage');

    const resumedFrom = [];
    const onRequest = request => {
      if (request.url().includes(`/runs/${runId}/events`)) resumedFrom.push(request.headers()['last-event-id'] ?? '');
    };
    page.on('request', onRequest);
    await page.reload();
    const run = await api('GET', `/v1/runs/${runId}`);
    assert.ok(['running', 'pending'].includes(run.status), `the run was still going at the reload (${run.status})`);

    const after = assistantMessages().last();
    await after.waitFor();
    await until(async () => (await after.getAttribute('data-streaming')) === 'false' && (await api('GET', `/v1/runs/${runId}`)).status === 'completed', {
      timeout: 30_000,
      message: 'the answer to complete after the reload',
    });
    page.off('request', onRequest);
    assert.ok(resumedFrom.length >= 1, 'the page reconnected to the run events');
    assert.ok(Number(resumedFrom[0]) > 0, `it resumed with Last-Event-ID (got "${resumedFrom[0]}")`);

    const stored = await storedAssistant(threadId);
    assert.equal(stored.length, 1);
    await until(async () => (await assistantMessages().last().getAttribute('data-message-id')) === stored[0].id, { message: 'the stored answer' });
    assert.equal(await assistantMessages().count(), 1, 'the answer shows once');
    assert.equal(words(await assistantMessages().last().getByTestId('message-text').innerText()), words(stored[0].content));
    await screenshot(page, 'chat-after-reload');
  });

  it("opens a run's timeline with step durations and raw events", async () => {
    await page.goto(`/runs/${toolRunId}`);
    const rows = page.getByTestId('timeline-row');
    await until(async () => (await rows.count()) >= 3, { message: 'the timeline' });
    const kinds = await rows.evaluateAll(items => items.map(item => item.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['model', 'tools', 'tool', 'model']);
    const durations = await page.getByTestId('timeline-duration').allInnerTexts();
    for (const duration of durations) assert.match(duration, /^\d+(\.\d+)? (ms|s)/);
    const events = await page.getByTestId('raw-events').locator('summary').allInnerTexts();
    assert.match(events[0], /RUN_STARTED/);
    assert.match(events.at(-1), /RUN_FINISHED/);
    assert.match(await page.getByTestId('run-status').innerText(), /completed/);
    assert.match(await page.getByTestId('run-attempt').innerText(), /^1/);
    const run = await api('GET', `/v1/runs/${toolRunId}`);
    assert.match(words(await page.getByTestId('run-tokens').innerText()), new RegExp(`^${run.usage.total_tokens}$`));
    await screenshot(page, 'run');
  });

  it('approves a tool call that needs approval, with edited arguments', async t => {
    if (!(await apiHasApprovals())) {
      t.skip('the API does not serve POST /v1/runs/{id}/approvals yet');
      return;
    }
    const agent = await api('POST', '/v1/agents', {
      name: unique('E2E approvals'),
      definition: { tools: [{ type: 'builtin', name: 'current_time', policy: 'requires_approval' }] },
    });
    await page.goto(`/chat?agent=${agent.id}`);
    await send('What time is it? [tool:current_time]');
    const approval = page.getByTestId('approval');
    await approval.waitFor({ timeout: 30_000 });
    await screenshot(page, 'chat-approval');
    await approval.getByRole('button', { name: 'Edit arguments' }).click();
    await approval.getByLabel('Arguments to run it with').fill('{"timezone": "UTC"}');
    await approval.getByRole('button', { name: 'Approve with these arguments' }).click();
    const card = page.locator('[data-testid="tool-call"][data-tool="current_time"]');
    await until(async () => (await card.getAttribute('data-status')) === 'completed', { timeout: 30_000, message: 'the approved call to run' });
    await until(async () => (await assistantMessages().count()) > 0 && (await assistantMessages().last().getAttribute('data-streaming')) === 'false', {
      timeout: 30_000,
      message: 'the final answer',
    });
    assert.equal(await page.getByTestId('approval').count(), 0);
  });

  it('archives an agent and finds it under the archived filter', async () => {
    const name = unique('E2E archive me');
    const agent = await api('POST', '/v1/agents', { name, definition: {} });
    await page.goto(`/agents/${agent.id}`);
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    assert.equal((await api('GET', `/v1/agents/${agent.id}`)).status, 'archived');
    await page.goto(`/agents?q=${encodeURIComponent(name)}`);
    await page.getByText('No agent matches').waitFor();
    await page.getByRole('radio', { name: 'Archived' }).click();
    await page.getByRole('link', { name, exact: true }).waitFor();
    await screenshot(page, 'agents-archived');
    // "All" lists archived and active agents together (the API's status=all).
    await page.goto('/agents?status=all');
    await page.getByRole('link', { name, exact: true }).waitFor();
    await page.getByTestId('agents-table').locator('tbody tr').first().waitFor();
    const rows = await page.getByTestId('agents-table').locator('tbody tr').allInnerTexts();
    assert.ok(rows.some(row => row.includes(name) && row.includes('archived')), 'the archived agent is under All');
    assert.ok(rows.some(row => !row.includes('archived')), 'active agents are under All too');
  });

  it("sets an agent's budget and completion webhook, and shows a run's webhook deliveries", async () => {
    // A receiver that is busy once, then takes the call.
    const received = [];
    const receiver = createServer((request, response) => {
      const chunks = [];
      request.on('data', chunk => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(received.length === 1 ? 503 : 200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise(resolve => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
    try {
      const agent = await api('POST', '/v1/agents', { name: unique('E2E webhook'), definition: { system_prompt: 'You are helpful.' } });
      await page.goto(`/agents/${agent.id}`);
      await page.getByLabel('Max tokens per run').fill('100000');
      await page.getByLabel('Max tokens per day').fill('0');
      await page.getByLabel('Completion webhook URL').fill(hookUrl);
      await page.getByLabel('Webhook signing secret').fill('e2e-secret');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('A whole number of tokens, at least 1 (empty: no limit).').waitFor();
      await page.getByLabel('Max tokens per day').fill('5000000');
      await screenshot(page, 'agent-budget');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      const saved = await api('GET', `/v1/agents/${agent.id}`);
      assert.deepEqual(saved.definition.budget, { max_tokens_per_run: 100000, max_tokens_per_day: 5000000 });
      assert.deepEqual(saved.definition.completion_webhook, { url: hookUrl });
      await page.reload();
      assert.equal(await page.getByLabel('Max tokens per day').inputValue(), '5000000');
      assert.equal(await page.getByLabel('Completion webhook URL').inputValue(), hookUrl);

      const thread = await api('POST', '/v1/threads', { agent_id: agent.id });
      await api('POST', `/v1/threads/${thread.id}/messages`, { role: 'user', content: 'Call me back.' });
      const run = await api('POST', '/v1/runs', { thread_id: thread.id });
      await page.goto(`/runs/${run.id}`);
      const delivery = page.getByTestId('delivery');
      await until(async () => (await delivery.count()) === 1 && (await delivery.getAttribute('data-status')) === 'delivered', {
        timeout: 60_000,
        message: 'the delivery to show as delivered',
      });
      const outcomes = await page.getByTestId('delivery-attempt').evaluateAll(rows => rows.map(row => row.getAttribute('data-outcome')));
      assert.deepEqual(outcomes, ['will_retry', 'delivered']);
      assert.match(await page.getByTestId('run-deliveries').innerText(), /503/);
      await screenshot(page, 'run-deliveries');

      assert.equal(received.length, 2);
      const [first, second] = received;
      assert.equal(first.headers['idempotency-key'], second.headers['idempotency-key']);
      const signature = `sha256=${createHmac('sha256', 'e2e-secret').update(`${second.headers['x-everruns-timestamp']}.`).update(second.body).digest('hex')}`;
      assert.equal(second.headers['x-everruns-signature'], signature);
      assert.equal(JSON.parse(second.body.toString()).status, 'completed');
    } finally {
      receiver.close();
    }
  });

  it('shows every page, on a laptop and a phone, in light and dark', async () => {
    const threads = await api('GET', `/v1/threads?agent_id=${agentId}&limit=1`);
    const pages = [
      ['dashboard', '/', page.getByTestId('count-completed')],
      ['runs', '/runs', page.getByTestId('runs-table')],
      ['threads', '/threads', page.getByTestId('threads-table')],
      ['thread', `/threads/${threads.data[0].id}`, page.getByTestId('conversation')],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(path);
      await ready.waitFor();
      await sleep(300);
      await screenshot(page, name);
    }

    await page.goto(`/runs?status=completed&agent=${agentId}`);
    await page.getByTestId('runs-table').waitFor();
    const statuses = await page.getByTestId('runs-table').locator('[data-status]').allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every(status => status === 'completed'));

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await page.getByTestId('count-completed').waitFor();
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).colorScheme), 'dark');
    assert.equal(await bodyBackground(), DARK_BACKGROUND);
    await screenshot(page, 'dashboard-dark');
    await page.goto(`/runs/${toolRunId}`);
    await page.getByTestId('timeline-row').first().waitFor();
    await screenshot(page, 'run-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The theme toggle wins over the system preference, and stays after a reload.
    await page.goto('/');
    assert.equal(await bodyBackground(), LIGHT_BACKGROUND);
    await page.getByRole('radio', { name: 'Dark theme' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await bodyBackground(), DARK_BACKGROUND);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('radio', { name: 'Light theme' }).click();
    assert.equal(await bodyBackground(), LIGHT_BACKGROUND);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('radio', { name: 'System theme' }).click();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/chat?agent=${agentId}&thread=${threads.data[0].id}`);
    await page.getByTestId('conversation').waitFor();
    await sleep(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways on a phone (${overflow}px)`);
    await screenshot(page, 'chat-phone');
    await page.goto('/');
    await page.getByTestId('count-completed').waitFor();
    await screenshot(page, 'dashboard-phone');
    await page.setViewportSize({ width: 1360, height: 860 });

    assert.deepEqual(browser.errors.map(String), []);
  });
});
