// The approval UI against the approvals contract, whatever the API serves today: the thread and its
// user message are real, the paused run and its events are played by the browser's request routing.
// A run pauses with RUN_FINISHED {outcome: {type: "interrupt", interrupts: [{toolCallId, ...}]}} and
// status "waiting"; POST /v1/runs/{id}/approvals {tool_call_id, decision, arguments?, reason?} answers it,
// and the same run's stream goes on with the following sequence numbers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, launch, screenshot, unique, until } from './helpers.mjs';

const RUN = '01900000-0000-7000-8000-0000000000aa';

function sse(events, after) {
  return events
    .filter(event => event.seq > after)
    .map(({ seq, event }) => `id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
    .join('');
}

describe('approval UI (contract, with a played run)', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('shows approve / edit / deny for a paused call and sends the edited arguments', async () => {
    const { page } = browser;
    const agent = await api('POST', '/v1/agents', {
      name: unique('E2E approval contract'),
      definition: { tools: [{ type: 'builtin', name: 'current_time', policy: 'requires_approval' }] },
    });
    const thread = await api('POST', '/v1/threads', { agent_id: agent.id, title: 'Approval contract' });
    await api('POST', `/v1/threads/${thread.id}/messages`, { role: 'user', content: 'What time is it in Paris?' });

    const t0 = Date.now();
    let n = 0;
    const event = (type, fields = {}) => ({ seq: ++n, event: { type, timestamp: t0 + n * 20, ...fields } });
    const paused = [
      event('RUN_STARTED', { threadId: thread.id, runId: RUN }),
      event('STEP_STARTED', { stepName: 'model_call_1' }),
      event('TOOL_CALL_START', { toolCallId: 'call_1', toolCallName: 'current_time' }),
      event('TOOL_CALL_ARGS', { toolCallId: 'call_1', delta: '{"timezone":"Europe/Berlin"}' }),
      event('TOOL_CALL_END', { toolCallId: 'call_1' }),
      event('STEP_FINISHED', { stepName: 'model_call_1' }),
      event('RUN_FINISHED', {
        threadId: thread.id,
        runId: RUN,
        outcome: { type: 'interrupt', interrupts: [{ id: 'int_1', reason: 'tool_approval', toolCallId: 'call_1', message: 'current_time wants to run.' }] },
      }),
    ];
    const resumed = [
      event('RUN_STARTED', { threadId: thread.id, runId: RUN }),
      event('STEP_STARTED', { stepName: 'tool_calls_1' }),
      event('TOOL_CALL_RESULT', { messageId: 'tool_msg_1', toolCallId: 'call_1', content: '{"time":"12:00"}', role: 'tool' }),
      event('STEP_FINISHED', { stepName: 'tool_calls_1' }),
      event('TEXT_MESSAGE_START', { messageId: 'answer_1', role: 'assistant' }),
      event('TEXT_MESSAGE_CONTENT', { messageId: 'answer_1', delta: 'It is noon ' }),
      event('TEXT_MESSAGE_CONTENT', { messageId: 'answer_1', delta: 'in Paris.' }),
      event('TEXT_MESSAGE_END', { messageId: 'answer_1' }),
      event('RUN_FINISHED', { threadId: thread.id, runId: RUN }),
    ];

    let phase = 'waiting';
    const decisions = [];
    const run = () => ({
      id: RUN,
      agent_id: agent.id,
      thread_id: thread.id,
      status: phase === 'waiting' ? 'waiting' : 'completed',
      attempt: 1,
      cancel_requested: false,
      usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
      created_at: new Date(t0).toISOString(),
      started_at: new Date(t0).toISOString(),
      ...(phase === 'waiting' ? {} : { finished_at: new Date().toISOString() }),
    });
    const json = body => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

    await page.route(/\/api\/v1\/runs(\?|\/|$)/, async route => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/runs' && url.searchParams.get('thread_id') === thread.id) {
        return route.fulfill(json({ data: [run()], total: 1, limit: 100, offset: 0 }));
      }
      if (url.pathname === `/api/v1/runs/${RUN}`) return route.fulfill(json(run()));
      if (url.pathname === `/api/v1/runs/${RUN}/events`) {
        const afterSeq = Number(request.headers()['last-event-id'] ?? url.searchParams.get('after') ?? 0);
        const events = phase === 'waiting' ? paused : [...paused, ...resumed];
        return route.fulfill({ status: 200, contentType: 'text/event-stream', body: sse(events, afterSeq) });
      }
      if (url.pathname === `/api/v1/runs/${RUN}/approvals` && request.method() === 'POST') {
        decisions.push(request.postDataJSON());
        phase = 'resumed';
        return route.fulfill(json({ tool_call_id: 'call_1', decision: 'approve' }));
      }
      return route.continue();
    });

    await page.goto(`/chat?agent=${agent.id}&thread=${thread.id}`);
    const approval = page.getByTestId('approval');
    await approval.waitFor();
    assert.match(await approval.innerText(), /current_time needs your approval/);
    for (const name of ['Approve', 'Edit arguments', 'Deny']) await approval.getByRole('button', { name, exact: true }).waitFor();
    assert.equal(await page.getByTestId('composer').isDisabled(), true, 'the message box waits for the answer');
    await screenshot(page, 'chat-approval-contract');

    // Deny offers a reason, and going back keeps the call pending.
    await approval.getByRole('button', { name: 'Deny', exact: true }).click();
    await approval.getByLabel('Why not? (the agent is told)').waitFor();
    await approval.getByRole('button', { name: 'Back' }).click();

    await approval.getByRole('button', { name: 'Edit arguments' }).click();
    const args = approval.getByLabel('Arguments to run it with');
    assert.deepEqual(JSON.parse(await args.inputValue()), { timezone: 'Europe/Berlin' });
    await args.fill('{"timezone": "Europe/Paris"');
    assert.equal(await approval.getByRole('button', { name: 'Approve with these arguments' }).isDisabled(), true, 'broken JSON cannot be sent');
    await args.fill('{"timezone": "Europe/Paris"}');
    await approval.getByRole('button', { name: 'Approve with these arguments' }).click();

    const card = page.locator('[data-testid="tool-call"][data-tool="current_time"]');
    await until(async () => (await card.getAttribute('data-status')) === 'completed', { message: 'the approved call to finish' });
    assert.deepEqual(decisions, [{ tool_call_id: 'call_1', decision: 'approve', arguments: { timezone: 'Europe/Paris' } }]);
    const answer = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await until(async () => (await answer.innerText()).includes('It is noon in Paris.'), { message: 'the answer after the approval' });
    assert.equal(await page.getByTestId('approval').count(), 0);
    await card.locator('summary').click();
    assert.match(await card.getByTestId('tool-result').innerText(), /12:00/);
    await screenshot(page, 'chat-approved-contract');
    assert.deepEqual(browser.errors.map(String), []);
  });
});
