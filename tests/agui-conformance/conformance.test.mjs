// The official AG-UI client against a running Everruns API: the library's own schema and ordering checks must
// accept every stream. Run by the .NET test suite, which starts the API and sets EVERRUNS_API_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { HttpAgent } from '@ag-ui/client';

const api = process.env.EVERRUNS_API_URL;
if (!api) throw new Error('Set EVERRUNS_API_URL to a running Everruns API.');

async function rest(method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const createAgent = (definition = {}) => rest('POST', '/v1/agents', { name: `conformance-${randomUUID()}`, definition });

function newAgent(agentId) {
  return new HttpAgent({ url: `${api}/v1/ag-ui?agent_id=${agentId}`, threadId: `client-thread-${randomUUID()}` });
}

async function turn(agent, content, parameters = {}) {
  if (content !== undefined) agent.addMessage({ id: randomUUID(), role: 'user', content });
  const events = [];
  const runId = parameters.runId ?? randomUUID();
  const result = await agent.runAgent({ runId, ...parameters }, { onEvent: ({ event }) => { events.push(event); } });
  return { runId, events, result };
}

async function threadMessages(agentId, clientThreadId) {
  const threads = await rest('GET', `/v1/threads?agent_id=${agentId}`);
  const thread = threads.data.find(t => t.metadata?.agui_thread_id === clientThreadId);
  assert.ok(thread, 'the client thread maps to one Everruns thread');
  return (await rest('GET', `/v1/threads/${thread.id}/messages`)).data;
}

test('a turn is accepted by the client, echoes its ids and ends with RUN_FINISHED', async () => {
  const { id } = await createAgent({ system_prompt: 'Be brief.' });
  const agent = newAgent(id);

  const { runId, events, result } = await turn(agent, 'Hello from the official client');

  assert.equal(events[0].type, 'RUN_STARTED');
  assert.equal(events[0].threadId, agent.threadId);
  assert.equal(events[0].runId, runId);
  assert.equal(events.at(-1).type, 'RUN_FINISHED');
  assert.ok(events.some(e => e.type === 'TEXT_MESSAGE_CONTENT'));
  const answer = result.newMessages.find(m => m.role === 'assistant');
  assert.ok(answer && answer.content.includes('Hello from the official client'));
});

test('a second turn on the same thread sees the first turn once', async () => {
  const { id } = await createAgent();
  const agent = newAgent(id);

  await turn(agent, 'First question');
  const second = await turn(agent, 'Second question');

  assert.equal(second.events.at(-1).type, 'RUN_FINISHED');
  const roles = (await threadMessages(id, agent.threadId)).map(m => `${m.role}:${m.content.slice(0, 15)}`);
  assert.equal(roles.length, 4, JSON.stringify(roles));
  assert.deepEqual(roles.map(r => r.split(':')[0]), ['user', 'assistant', 'user', 'assistant']);
  assert.ok(roles[0].includes('First question'));
  assert.ok(roles[2].includes('Second question'));
});

test('a backend tool call streams its call and result', async () => {
  const { id } = await createAgent({ tools: [{ type: 'builtin', name: 'current_time' }] });
  const agent = newAgent(id);

  const { events } = await turn(agent, 'What time is it? [tool:current_time]');

  const types = events.map(e => e.type);
  for (const type of ['TOOL_CALL_START', 'TOOL_CALL_ARGS', 'TOOL_CALL_END', 'TOOL_CALL_RESULT']) assert.ok(types.includes(type), type);
  assert.equal(events.find(e => e.type === 'TOOL_CALL_START').toolCallName, 'current_time');
  assert.equal(types.at(-1), 'RUN_FINISHED');
});

test('a frontend tool call ends the turn, and the next turn carries its result', async () => {
  const { id } = await createAgent();
  const agent = newAgent(id);
  const tools = [{ name: 'pick_colour', description: 'Asks the user for a colour', parameters: { type: 'object', properties: {} } }];

  const first = await turn(agent, 'Ask me. [tool:pick_colour]', { tools });
  const call = first.events.find(e => e.type === 'TOOL_CALL_START');
  assert.equal(call.toolCallName, 'pick_colour');
  assert.deepEqual(first.events.at(-1).outcome?.pendingToolCallIds, [call.toolCallId]);

  agent.addMessage({ id: randomUUID(), role: 'tool', toolCallId: call.toolCallId, content: '{"colour":"teal"}' });
  const second = await turn(agent, undefined, { tools });
  assert.equal(second.events.at(-1).type, 'RUN_FINISHED');
  const text = second.events.filter(e => e.type === 'TEXT_MESSAGE_CONTENT').map(e => e.delta).join('');
  assert.ok(text.includes('teal'), text);
});

test('a tool call that needs approval interrupts the run, and a resume continues it', async () => {
  const { id } = await createAgent({ tools: [{ type: 'builtin', name: 'current_time', policy: 'requires_approval' }] });
  const agent = newAgent(id);

  const first = await turn(agent, 'Time please. [tool:current_time]');
  const finished = first.events.at(-1);
  assert.equal(finished.type, 'RUN_FINISHED');
  assert.equal(finished.outcome.type, 'interrupt');
  const interrupt = finished.outcome.interrupts[0];
  assert.equal(interrupt.reason, 'tool_approval');

  const resumed = await turn(agent, undefined, { resume: [{ interruptId: interrupt.id, status: 'resolved', payload: { approved: true } }] });
  assert.equal(resumed.events[0].type, 'RUN_STARTED');
  assert.equal(resumed.events[0].runId, resumed.runId);
  assert.ok(resumed.events.some(e => e.type === 'TOOL_CALL_RESULT' && e.content.includes('utc')));
  assert.equal(resumed.events.at(-1).type, 'RUN_FINISHED');
});

test('a failing model ends the stream with RUN_ERROR', async () => {
  const { id } = await createAgent();
  const agent = newAgent(id);
  const events = [];
  agent.addMessage({ id: randomUUID(), role: 'user', content: 'Fail please [error:400]' });

  let reported;
  // The client hands RUN_ERROR to its subscribers (and, depending on the version, rejects as well).
  await agent.runAgent({ runId: randomUUID() }, {
    onEvent: ({ event }) => { events.push(event); },
    onRunErrorEvent: ({ event }) => { reported = event; },
  }).catch(() => {});

  assert.equal(reported?.type, 'RUN_ERROR');
  assert.equal(events[0].type, 'RUN_STARTED');
  assert.equal(events.at(-1).type, 'RUN_ERROR');
  assert.equal(events.at(-1).code, 'model_error');
});

test('bad input is refused before any stream, with problem details', async () => {
  const response = await fetch(`${api}/v1/ag-ui?agent_id=${randomUUID()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ threadId: 't', runId: 'r', messages: [] }),
  });
  assert.equal(response.status, 404);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
});
