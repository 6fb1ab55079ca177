// MCP servers in the agent tools editor, against a real MCP server: EVERRUNS_MCP_URL is its Streamable HTTP
// address, which wants `Authorization: Bearer <EVERRUNS_MCP_TOKEN>`; EVERRUNS_MCP_STDIO, when set, is the same
// server as a local program ({"command", "args"}). The API must allow them (Tools__AllowPrivateNetworks=true for a
// server on loopback, Tools__AllowStdioMcp=true for the program). Skipped without EVERRUNS_MCP_URL.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, launch, screenshot, unique, until } from './helpers.mjs';

const MCP_URL = process.env.EVERRUNS_MCP_URL;
const MCP_TOKEN = process.env.EVERRUNS_MCP_TOKEN;
const STDIO = process.env.EVERRUNS_MCP_STDIO ? JSON.parse(process.env.EVERRUNS_MCP_STDIO) : undefined;
const skip = !MCP_URL || !MCP_TOKEN ? 'EVERRUNS_MCP_URL and EVERRUNS_MCP_TOKEN name no MCP server' : false;

describe('MCP servers in the tools editor', { skip }, () => {
  let browser;
  let page;
  let agentId;

  before(async () => {
    browser = await launch();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
  });

  const panel = () => page.getByTestId('agent-tools');
  const server = name => panel().locator(`[data-testid="mcp-server-status"][data-server="${name}"]`);
  const card = name => page.getByTestId('tool-card').filter({ has: page.getByRole('button', { name: new RegExp(`^${name}\\b`) }) });
  const resolvedNames = () => panel().getByTestId('resolved-tool').evaluateAll(rows => rows.map(row => row.dataset.name));

  async function save() {
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  }

  it('adds a server by URL with a bearer token and an allow-list, and shows how the server answered', async () => {
    await page.goto('/agents/new');
    await page.getByLabel('Name', { exact: true }).first().fill(unique('E2E MCP agent'));
    await page.getByLabel('Model', { exact: true }).selectOption('sim/default');
    await page.getByRole('button', { name: 'MCP server', exact: true }).click();
    const entry = page.getByTestId('tool-card').last();
    // The editor checks the entry as the API would before sending it.
    await entry.getByLabel('Name', { exact: true }).fill('my__files');
    await page.getByRole('button', { name: 'Create agent' }).click();
    assert.match(await entry.locator('.field-error').first().innerText(), /single "_"/);

    await entry.getByLabel('Name', { exact: true }).fill('files');
    await entry.getByLabel('Server URL').fill(MCP_URL);
    await entry.getByLabel('Bearer token').fill('not-the-token');
    await entry.getByLabel('Allowed tools').fill('echo, add, teleport');
    await entry.getByLabel('Timeout (s)').fill('20');
    await screenshot(page, 'agent-mcp-new');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]{36}/);
    agentId = new URL(page.url()).pathname.split('/').pop();

    // The token is stored, and never comes back.
    const agent = await api('GET', `/v1/agents/${agentId}`);
    const [stored] = agent.definition.tools;
    assert.deepEqual({ type: stored.type, name: stored.name, url: stored.url, tools: stored.tools, timeout_secs: stored.timeout_secs }, {
      type: 'mcp', name: 'files', url: MCP_URL, tools: ['echo', 'add', 'teleport'], timeout_secs: 20,
    });
    assert.deepEqual(stored.headers, { Authorization: '********' });

    // The wrong token: the server refuses, and the panel says so.
    await server('files').waitFor();
    assert.equal(await server('files').getAttribute('data-status'), 'unavailable');
    assert.match(await server('files').getByTestId('mcp-server-error').innerText(), /401/);
    assert.deepEqual(await resolvedNames(), []);
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'agent-mcp-unavailable');
  });

  it('replaces the stored token, then lists the tools the model will see', async () => {
    await card('files').getByRole('button', { name: /^files/ }).click();
    const bearer = card('files').getByLabel('Bearer token');
    assert.equal(await bearer.inputValue(), '');
    assert.equal(await bearer.getAttribute('data-stored'), 'true');
    assert.equal(await bearer.getAttribute('placeholder'), 'stored: type to replace');
    await bearer.fill(MCP_TOKEN);
    await save();

    await until(async () => (await server('files').getAttribute('data-status')) === 'available', { message: 'the server to answer with the new token' });
    assert.match(await server('files').innerText(), /2 tools/);
    assert.match(await server('files').getByTestId('mcp-missing-tools').innerText(), /teleport/);
    assert.deepEqual(await resolvedNames(), ['files__echo', 'files__add']);
    const echo = panel().locator('[data-testid="resolved-tool"][data-name="files__echo"]');
    assert.match(await echo.innerText(), /MCP files · echo/);
    assert.match(await echo.innerText(), /Says the text back\./);
    // Saved, the typed token is stored: the field is empty again and says so.
    assert.equal(await bearer.inputValue(), '');
    assert.equal(await bearer.getAttribute('data-stored'), 'true');
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'agent-mcp-tools');

    // The same as the API answers.
    const resolved = await api('GET', `/v1/agents/${agentId}/tools`);
    assert.deepEqual(resolved.tools.map(tool => tool.name), ['files__echo', 'files__add']);
  });

  it('adds a local program with its arguments and environment, keeping the stored token', async t => {
    if (!STDIO) {
      t.skip('EVERRUNS_MCP_STDIO is not set');
      return;
    }
    await page.reload();
    await page.getByRole('button', { name: 'MCP server', exact: true }).click();
    const entry = page.getByTestId('tool-card').last();
    await entry.getByLabel('Name', { exact: true }).fill('local');
    await entry.getByLabel('Transport').selectOption('stdio');
    await entry.getByLabel('Command').fill(STDIO.command);
    await entry.getByLabel('Arguments (one a line)').fill(STDIO.args.join('\n'));
    await entry.getByRole('button', { name: 'Variable', exact: true }).click();
    await entry.getByLabel('Variable 1 name').fill('GREETING');
    await entry.getByLabel('Variable 1 value').fill('hello');
    await entry.getByLabel('Allowed tools').fill('add');
    await save();

    await until(async () => (await server('local').getAttribute('data-status')) === 'available', { message: 'the local server to be listed' });
    assert.match(await server('local').innerText(), /stdio/);
    // The stored token was sent back as stored, not lost: the remote server still answers.
    assert.equal(await server('files').getAttribute('data-status'), 'available');
    assert.deepEqual(await resolvedNames(), ['files__echo', 'files__add', 'local__add']);

    const agent = await api('GET', `/v1/agents/${agentId}`);
    const local = agent.definition.tools.find(tool => tool.name === 'local');
    assert.deepEqual({ command: local.command, args: local.args, env: local.env }, { command: STDIO.command, args: STDIO.args, env: { GREETING: '********' } });
    assert.deepEqual(agent.definition.tools.find(tool => tool.name === 'files').headers, { Authorization: '********' });
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'agent-mcp-stdio');
  });

  it('lets the agent call a tool of the server in a chat', async () => {
    await page.goto(`/chat?agent=${agentId}`);
    const composer = page.getByTestId('composer');
    await composer.fill('Say it back [tool:files__echo {"text":"from the browser"}]');
    await composer.press('Enter');
    const call = page.locator('[data-testid="tool-call"][data-tool="files__echo"]');
    await call.waitFor({ timeout: 30_000 });
    await until(async () => (await call.getAttribute('data-status')) === 'completed', { timeout: 30_000, message: 'the MCP tool result' });
    await call.locator('summary').click();
    assert.match(await call.getByTestId('tool-result').innerText(), /echo: from the browser/);
    await screenshot(page, 'chat-mcp-tool-call');
  });
});
