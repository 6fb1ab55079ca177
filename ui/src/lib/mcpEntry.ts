// An MCP server entry of an agent's tools as the editor holds it, and back as the API takes it. Header and
// environment values are credentials: the API never returns them (each comes back as STORED), so the editor
// keeps "stored" values by sending STORED back, and only sends a value the person typed.

import type { ToolDefinition } from './types';

/** What the API shows in place of a stored header or environment value, and takes back to keep it. */
export const STORED = '********';

export type McpTransport = 'http' | 'stdio';

export interface SecretEntry {
  key: string;
  name: string;
  /** What the person typed; empty with `stored` keeps the stored value. */
  value: string;
  stored: boolean;
}

export interface McpDraft {
  transport: McpTransport;
  /** The bearer token typed (sent as `Authorization: Bearer <token>`); empty with `bearerStored` keeps the stored one. */
  bearer: string;
  bearerStored: boolean;
  headers: SecretEntry[];
  env: SecretEntry[];
  /** The program's arguments, one a line. */
  argsText: string;
  /** The allow-list: tool names of the server, separated by commas or new lines; empty offers them all. */
  toolsText: string;
}

let counter = 0;
export const secretKey = () => `secret-${++counter}`;

const AUTHORIZATION = 'authorization';

function secretsFrom(values: Record<string, string> | null | undefined): SecretEntry[] {
  return Object.entries(values ?? {}).map(([name, value]) => ({ key: secretKey(), name, value: value === STORED ? '' : value, stored: value === STORED }));
}

export function mcpDraftFrom(tool: ToolDefinition): McpDraft {
  const headers = secretsFrom(tool.headers);
  const authorization = headers.find(header => header.name.toLowerCase() === AUTHORIZATION);
  const bearer = authorization && !authorization.stored ? authorization.value.replace(/^Bearer\s+/i, '') : '';
  return {
    transport: tool.command != null ? 'stdio' : 'http',
    bearer,
    bearerStored: authorization?.stored ?? false,
    headers: headers.filter(header => header !== authorization),
    env: secretsFrom(tool.env),
    argsText: (tool.args ?? []).join('\n'),
    toolsText: (tool.tools ?? []).join(', '),
  };
}

export function allowList(draft: McpDraft): string[] {
  return draft.toolsText
    .split(/[\s,]+/)
    .map(name => name.trim())
    .filter(Boolean);
}

function secretValues(entries: SecretEntry[]): Record<string, string> | undefined {
  const named = entries.filter(entry => entry.name.trim());
  if (named.length === 0) return undefined;
  return Object.fromEntries(named.map(entry => [entry.name.trim(), entry.stored && entry.value === '' ? STORED : entry.value]));
}

/** The entry's connection fields as the API takes them: url and headers, or command, args and env. */
export function mcpFields(tool: ToolDefinition, draft: McpDraft): Partial<ToolDefinition> {
  const fields: Partial<ToolDefinition> = {};
  const tools = allowList(draft);
  if (tools.length > 0) fields.tools = tools;
  if (draft.transport === 'stdio') {
    fields.command = tool.command?.trim() ?? '';
    const args = draft.argsText.split('\n').filter(arg => arg.trim() !== '');
    if (args.length > 0) fields.args = args;
    const env = secretValues(draft.env);
    if (env) fields.env = env;
    return fields;
  }
  fields.url = tool.url?.trim() ?? '';
  const headers = secretValues(draft.headers) ?? {};
  if (draft.bearer.trim()) headers.Authorization = `Bearer ${draft.bearer.trim()}`;
  else if (draft.bearerStored) headers.Authorization = STORED;
  if (Object.keys(headers).length > 0) fields.headers = headers;
  return fields;
}

export const MCP_ENTRY_NAME = /^[A-Za-z0-9-]+(_[A-Za-z0-9-]+)*$/;
export const MCP_ENTRY_MAX = 32;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TRANSPORT_HEADERS = new Set(['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'accept', 'content-type', 'content-length', 'host', 'transfer-encoding', 'connection']);

/** Field errors of an MCP server entry, by the editor's field names. */
export function mcpErrors(tool: ToolDefinition, draft: McpDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!MCP_ENTRY_NAME.test(tool.name) || tool.name.length > MCP_ENTRY_MAX) {
    errors.name = `1 to ${MCP_ENTRY_MAX} letters, digits or "-", with single "_" between them: its tools are offered as <name>__<tool>.`;
  }
  if (tool.timeout_secs != null && (!Number.isInteger(tool.timeout_secs) || tool.timeout_secs < 1 || tool.timeout_secs > 600)) {
    errors.timeout_secs = 'Between 1 and 600 seconds.';
  }
  if (draft.transport === 'stdio') {
    if (!tool.command?.trim()) errors.command = 'The program to start, like npx or /usr/local/bin/server.';
    const bad = draft.env.find(entry => entry.name.trim() && !ENV_NAME.test(entry.name.trim()));
    if (bad) errors.env = `"${bad.name}" is not a variable name: letters, digits and "_", not starting with a digit.`;
    return errors;
  }
  let url: URL | undefined;
  try {
    url = tool.url ? new URL(tool.url.trim()) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.url = 'An absolute http or https URL, like https://example.com/mcp.';
  if (!HEADER_VALUE.test(draft.bearer)) errors.bearer = 'Printable ASCII characters only.';
  for (const header of draft.headers) {
    const name = header.name.trim();
    if (!name) continue;
    if (!HEADER_NAME.test(name)) errors.headers = `"${name}" is not a header name: letters, digits and !#$%&'*+-.^_\`|~.`;
    else if (TRANSPORT_HEADERS.has(name.toLowerCase())) errors.headers = `${name} is set by the MCP transport.`;
    else if (name.toLowerCase() === AUTHORIZATION) errors.headers = 'Put the token in the bearer token field.';
    else if (!HEADER_VALUE.test(header.value)) errors.headers = `The value of ${name} must be printable ASCII.`;
    else if (!header.stored && header.value === '') errors.headers = `Give ${name} a value, or remove it.`;
  }
  return errors;
}
