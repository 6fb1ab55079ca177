// The API reference at /scalar, as served by the API: it must work offline (nothing fetched from any other
// host) and offer nothing that leads outside this installation (no "Ask AI", "Deploy" or "Generate SDK").

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, launch, screenshot } from './helpers.mjs';

describe('API reference', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('serves /scalar from the API alone, without Ask AI, Deploy or Generate SDK', async () => {
    const page = browser.page;
    const api = new URL(API());
    const elsewhere = [];
    // Anything for another host is refused, as it would be offline, and remembered.
    await page.route('**/*', route => {
      const url = new URL(route.request().url());
      if (url.host === api.host || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });

    await page.goto(`${API()}/scalar`);
    await page.getByRole('heading', { name: 'Everruns API' }).waitFor({ timeout: 30_000 });
    await page.getByText('Start a run: the agent answers on the thread').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'scalar');

    assert.deepEqual(elsewhere, [], 'the reference fetched nothing from another host');
    for (const label of ['Ask AI', 'Deploy', 'Generate SDK']) {
      assert.equal(await page.getByText(label, { exact: true }).count(), 0, `no "${label}" button`);
    }
    assert.deepEqual(browser.errors, []);
  });
});
