// The official MCP TypeScript SDK's Client against a running Everruns API's /mcp, over Streamable HTTP. Run by the
// .NET test suite, which starts the API with API keys required and sets EVERRUNS_API_URL and EVERRUNS_BOOTSTRAP_KEY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const api = process.env.EVERRUNS_API_URL;
const bootstrapKey = process.env.EVERRUNS_BOOTSTRAP_KEY;
if (!api || !bootstrapKey) throw new Error('Set EVERRUNS_API_URL and EVERRUNS_BOOTSTRAP_KEY to a running Everruns API.');

async function rest(method, path, body, key = bootstrapKey) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

// A stored API key, as a user would make one for their MCP client.
const apiKey = (await rest('POST', '/v1/api-keys', { name: 'mcp client suite' })).key;

async function connect(key = apiKey) {
  const client = new Client({ name: 'everruns-mcp-suite', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${api}/mcp`), {
    requestInit: key ? { headers: { Authorization: `Bearer ${key}` } } : undefined,
  });
  await client.connect(transport);
  return client;
}

const createAgent = (name, definition = {}) =>
  rest('POST', '/v1/agents', { name: `${name}-${randomUUID()}`, default_model_id: 'sim/default', description: 'An agent of the MCP suite', definition });

const jsonOf = result => JSON.parse(result.content[0].text);

test('without a valid API key /mcp refuses to connect', async () => {
  await assert.rejects(connect(null), /401|Unauthorized/i);
  await assert.rejects(connect('evr_not_a_key'), /401|Unauthorized/i);
});

test('the server offers its four tools, each with a description and an input schema', async () => {
  const client = await connect();
  try {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map(tool => [tool.name, tool]));
    assert.deepEqual(Object.keys(byName).sort(), ['get_run', 'list_agents', 'list_messages', 'run_agent']);
    for (const tool of tools) {
      assert.ok(tool.description.length > 40, `${tool.name} has a description a model can use`);
      assert.equal(tool.inputSchema.type, 'object');
    }
    assert.deepEqual([...byName.run_agent.inputSchema.required].sort(), ['agent_id', 'message']);
    assert.ok(byName.run_agent.inputSchema.properties.thread_id);
    assert.deepEqual(byName.get_run.inputSchema.required, ['run_id']);
    assert.deepEqual(byName.list_messages.inputSchema.required, ['thread_id']);
    assert.equal(client.getServerVersion().name, 'everruns');
  } finally {
    await client.close();
  }
});

test('list_agents, run_agent, get_run and list_messages work together', async () => {
  const agent = await createAgent('mcp-helper');
  const client = await connect();
  try {
    const listed = jsonOf(await client.callTool({ name: 'list_agents', arguments: { limit: 200 } }));
    assert.ok(listed.data.some(a => a.id === agent.id && a.name === agent.name && a.model === 'sim/default'));

    const first = await client.callTool({ name: 'run_agent', arguments: { agent_id: agent.id, message: 'Hello over MCP' } });
    assert.equal(first.isError, false);
    assert.match(first.content[0].text, /Hello over MCP/);
    const ids = JSON.parse(first.content[1].text);
    assert.equal(ids.status, 'completed');

    const run = jsonOf(await client.callTool({ name: 'get_run', arguments: { run_id: ids.run_id } }));
    assert.equal(run.status, 'completed');
    assert.equal(run.thread_id, ids.thread_id);
    assert.ok(run.usage.output_tokens > 0);

    const second = await client.callTool({ name: 'run_agent', arguments: { agent_id: agent.id, message: 'And again', thread_id: ids.thread_id } });
    assert.equal(JSON.parse(second.content[1].text).thread_id, ids.thread_id);

    const messages = jsonOf(await client.callTool({ name: 'list_messages', arguments: { thread_id: ids.thread_id } }));
    assert.deepEqual(messages.data.map(m => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.equal(messages.data[1].content, first.content[0].text);
  } finally {
    await client.close();
  }
});

test('run_agent reports the answer as progress while it streams', async () => {
  const agent = await createAgent('mcp-progress');
  const client = await connect();
  try {
    const updates = [];
    const result = await client.callTool(
      { name: 'run_agent', arguments: { agent_id: agent.id, message: 'Stream to me [long:60]' } },
      undefined,
      { onprogress: update => updates.push(update), resetTimeoutOnProgress: true },
    );
    assert.ok(updates.length >= 2, `several progress notifications, got ${updates.length}`);
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i].progress > updates[i - 1].progress, 'progress only grows');
    assert.equal(updates.map(u => u.message).join(''), result.content[0].text);
  } finally {
    await client.close();
  }
});

test('cancelling run_agent cancels the run', async () => {
  const agent = await createAgent('mcp-cancel');
  const client = await connect();
  try {
    const controller = new AbortController();
    let threadMessages;
    const call = client.callTool(
      { name: 'run_agent', arguments: { agent_id: agent.id, message: 'A long one [long:5000]' } },
      undefined,
      { signal: controller.signal, onprogress: () => controller.abort('enough') },
    );
    await assert.rejects(call);

    // The run is found through the REST API: the newest run of the agent.
    let run;
    for (let i = 0; i < 100; i++) {
      [run] = (await rest('GET', `/v1/runs?agent_id=${agent.id}&limit=1`)).data;
      if (run?.status === 'cancelled') break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.equal(run.status, 'cancelled');
    threadMessages = (await rest('GET', `/v1/threads/${run.thread_id}/messages`)).data;
    // What streamed before the cancel is kept, marked as cut short (see "Cancelling a run" in the README).
    const answers = threadMessages.filter(m => m.role === 'assistant');
    assert.equal(answers.length, 1, 'the answer streamed before the cancel is kept');
    assert.equal(answers[0].cut_short, true, 'and marked cut short');
    assert.ok(answers[0].content.length > 0, 'with what streamed');
  } finally {
    await client.close();
  }
});

test('bad arguments and unknown ids come back as tool errors a model can read', async () => {
  const client = await connect();
  try {
    const unknown = await client.callTool({ name: 'get_run', arguments: { run_id: randomUUID() } });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content[0].text, /no run/i);
    const noAgent = await client.callTool({ name: 'run_agent', arguments: { agent_id: randomUUID(), message: 'hi' } });
    assert.equal(noAgent.isError, true);
    assert.match(noAgent.content[0].text, /no agent/i);
  } finally {
    await client.close();
  }
});

test('a session belongs to the key that opened it', async () => {
  const other = (await rest('POST', '/v1/api-keys', { name: 'mcp client suite, another key' })).key;
  const post = (key, body, sessionId) =>
    fetch(`${api}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' } : {}),
      },
      body: JSON.stringify(body),
    });
  const opened = await post(apiKey, {
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  assert.equal(opened.status, 200);
  const sessionId = opened.headers.get('mcp-session-id');
  assert.ok(sessionId, 'the server opened a session');
  await opened.text();

  const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
  const stolen = await post(other, list, sessionId);
  assert.equal(stolen.status, 403);
  assert.doesNotMatch(await stolen.text(), /list_agents/);
  const own = await post(apiKey, list, sessionId);
  assert.equal(own.status, 200);
  assert.match(await own.text(), /list_agents/);
});
