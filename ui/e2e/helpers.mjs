// Shared set-up of the browser tests: the addresses of the running UI and API (and a key, when the API
// asks for one), a Chromium started through playwright-core with a fresh profile, API shortcuts, and
// screenshots.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, '..', 'test-results', 'screenshots');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. The browser tests need a running UI (EVERRUNS_UI_URL, e.g. http://localhost:3000 from "npm start") ` +
        'and the API it forwards to (EVERRUNS_API_URL, e.g. http://localhost:9000).',
    );
  }
  return value.replace(/\/+$/, '');
}

export const UI = () => required('EVERRUNS_UI_URL');
export const API = () => required('EVERRUNS_API_URL');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A Chromium with a fresh profile; close() also removes the profile. reopen() quits it and starts it again on
 * the same profile, as a person closing and reopening the browser: what it keeps on disk stays, the session
 * is new.
 */
export async function launch({ viewport = { width: 1360, height: 860 }, colorScheme = 'light' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'everruns-ui-e2e-'));
  const browser = {
    async reopen() {
      await browser.context.close();
      await start();
    },
    async close() {
      await browser.context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  async function start() {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      colorScheme,
      baseURL: UI(),
    });
    context.setDefaultTimeout(20_000);
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', error => errors.push(error));
    Object.assign(browser, { context, page, errors });
  }
  await start();
  return browser;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Calls the API directly, with EVERRUNS_API_KEY when it is set. */
export async function api(method, path, body) {
  const key = process.env.EVERRUNS_API_KEY;
  const response = await fetch(`${API()}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = new Error(`${method} ${path} answered ${response.status}: ${text}`);
    error.status = response.status;
    error.body = json;
    throw error;
  }
  return json;
}

export function unique(prefix) {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until fn() returns something truthy, polling. */
export async function until(fn, { timeout = 20_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(interval);
  }
  throw new Error(`Timed out waiting for ${message}`);
}

/** Whether the API serves the approvals endpoint, judged from its OpenAPI document. */
export async function apiHasApprovals() {
  try {
    const document = await api('GET', '/openapi/v1.json');
    return Object.keys(document.paths ?? {}).some(path => /\/v1\/runs\/\{[^}]+\}\/approvals$/.test(path));
  } catch {
    return false;
  }
}
