// The API key the person typed when the API asked for one (Auth:Mode=ApiKey). Kept for the browser session only.

const STORAGE_KEY = 'everruns.apiKey';
export const UNAUTHORIZED_EVENT = 'everruns:unauthorized';

export function apiKey(): string | null {
  if (typeof window === 'undefined') return null;
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function setApiKey(key: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, key.trim());
}

/** The Authorization header to send, when a key was given. */
export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** Tells the page that the API wants a (valid) key. */
export function reportUnauthorized(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
}
