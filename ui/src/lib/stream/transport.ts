// The browser transport for followRunEvents: one SSE connection through @microsoft/fetch-event-source
// (a fetch-based client, so the Last-Event-ID header can be set on the first request too). Its own retry
// loop is switched off: reconnecting is decided by followRunEvents.

import { fetchEventSource } from '@microsoft/fetch-event-source';
import { StreamHttpError, type Transport } from './reconnect';
import { authHeaders, reportUnauthorized } from '../apiKey';

export const fetchTransport: Transport = async ({ url, headers, signal, onOpen, onFrame }) => {
  await fetchEventSource(url, {
    headers: { ...headers, ...authHeaders() },
    signal,
    openWhenHidden: true,
    async onopen(response) {
      const type = response.headers.get('content-type') ?? '';
      if (response.status === 401) reportUnauthorized();
      if (!response.ok || !type.startsWith('text/event-stream')) {
        let detail = `The event stream answered ${response.status}.`;
        try {
          const problem = (await response.json()) as { detail?: string; title?: string };
          detail = problem.detail ?? problem.title ?? detail;
        } catch {
          // Not a problem document.
        }
        throw new StreamHttpError(response.ok ? 502 : response.status, detail);
      }
      onOpen();
    },
    onmessage(message) {
      onFrame({ id: message.id, event: message.event, data: message.data });
    },
    onerror(error) {
      // Rethrowing ends fetchEventSource; followRunEvents decides whether to reconnect.
      throw error;
    },
  });
};
