// Forwards /api/* to the Everruns API, so that the browser needs neither CORS nor the API's address.
// The address is read when the server runs (not when it is built): `services__api__http__0`, the
// variable an Aspire-style AppHost passes for the "api" resource, else EVERRUNS_API_URL, else
// http://localhost:9000. Responses are streamed through as they come, which keeps Server-Sent Events live.

import type { NextRequest } from 'next/server';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function apiBase(): string {
  const configured = process.env.services__api__http__0 || process.env.EVERRUNS_API_URL || 'http://localhost:9000';
  return configured.replace(/\/+$/, '');
}

// Request headers worth passing on; everything else (cookies, host, ...) stays here.
const FORWARDED_REQUEST_HEADERS = ['accept', 'authorization', 'content-type', 'last-event-id', 'idempotency-key', 'traceparent', 'tracestate'];
// Response headers the fetch below already dealt with, or that describe a connection rather than content.
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);

async function forward(request: NextRequest, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  if (path.some(segment => segment === '..' || segment === '.')) {
    return problem(400, 'Bad request', 'The path is not valid.');
  }
  const target = `${apiBase()}/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`;

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      // Abandons the API request when the browser goes away (the API keeps the run going).
      signal: request.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return problem(502, 'The API cannot be reached', `No answer from the Everruns API (${(error as Error).message}).`);
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) responseHeaders.set(name, value);
  });
  if (upstream.headers.get('content-type')?.startsWith('text/event-stream')) {
    responseHeaders.set('cache-control', 'no-cache, no-transform');
    responseHeaders.set('x-accel-buffering', 'no');
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

function problem(status: number, title: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
