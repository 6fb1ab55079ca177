// The UI in front of an API that asks for a key (Auth__Mode=ApiKey): it asks the person for one, refuses a
// wrong one, and keeps the right one for the browser session. EVERRUNS_API_KEY is a key that API accepts
// (its Auth__BootstrapKey, say). Skipped against an API that asks for none.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, api, launch, screenshot, unique } from './helpers.mjs';

const KEY = process.env.EVERRUNS_API_KEY;
const WRONG_KEY = 'evr_this-key-was-never-made';
const { auth_mode: authMode } = await (await fetch(`${API()}/health`)).json();
const skip =
  authMode !== 'api_key'
    ? `the API asks for no key (auth_mode ${authMode}); start one with Auth__Mode=ApiKey and Auth__BootstrapKey`
    : !KEY
      ? 'EVERRUNS_API_KEY is not set'
      : false;

describe('API key prompt', { skip }, () => {
  let browser;
  let agent;
  let thread;
  let page;
  let prompt;
  let agentLink;
  const requested = [];

  /** Watches the browser's page: the prompt, the agent's row, and every address it asks for. */
  function follow() {
    page = browser.page;
    page.on('request', request => requested.push(request.url()));
    prompt = page.getByRole('dialog', { name: 'API key needed' });
    agentLink = page.getByRole('link', { name: agent.name, exact: true });
  }

  async function give(key) {
    await prompt.getByLabel('API key').fill(key);
    await prompt.getByRole('button', { name: 'Use this key' }).click();
  }

  before(async () => {
    agent = await api('POST', '/v1/agents', { name: unique('E2E key agent') });
    thread = await api('POST', '/v1/threads', { agent_id: agent.id, title: unique('E2E key thread') });
    await api('POST', `/v1/threads/${thread.id}/messages`, { role: 'user', content: 'Seen only with the key' });
    browser = await launch();
    follow();
  });

  after(async () => {
    await browser?.close();
  });

  it('asks for a key before showing anything, and refuses a wrong one', async () => {
    await page.goto('/agents');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), /This Everruns API asks for a key\./);
    // Behind it, the API's refusal: no agent, and no claim that there is none.
    await page.getByRole('alert').filter({ hasText: 'A valid API key is required' }).waitFor();
    assert.equal(await agentLink.count(), 0);
    assert.equal(await page.getByText('No agents yet').count(), 0);
    await screenshot(page, 'api-key-prompt');

    await give(WRONG_KEY);
    await prompt.getByRole('alert').filter({ hasText: 'The key you gave was not accepted.' }).waitFor();
    assert.equal(await agentLink.count(), 0);
    await screenshot(page, 'api-key-refused');
  });

  it('shows the data with the right key, through navigations and a reload', async () => {
    await give(KEY);
    await agentLink.waitFor();
    assert.equal(await prompt.count(), 0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Threads' }).click();
    await page.getByRole('link', { name: thread.title, exact: true }).click();
    await page.getByText('Seen only with the key').waitFor();

    await page.reload();
    await page.getByText('Seen only with the key').waitFor();
    await page.goto('/agents');
    await agentLink.waitFor();
    assert.equal(await prompt.count(), 0);
    assert.deepEqual(browser.errors.map(String), []);
  });

  it('asks again in a new browser session', async () => {
    await browser.reopen();
    follow();
    await page.goto('/agents');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), /This Everruns API asks for a key\./);
    assert.equal(await agentLink.count(), 0);
  });

  it('never puts a key in an address', () => {
    assert.ok(requested.length > 0);
    for (const url of requested) {
      assert.ok(!url.includes(KEY) && !url.includes(WRONG_KEY), `a key is in ${url}`);
    }
  });
});
