import { describe, expect, it } from 'vitest';
import { mcpDraftFrom, mcpErrors, mcpFields, STORED } from './mcpEntry';
import type { ToolDefinition } from './types';

const http: ToolDefinition = { type: 'mcp', name: 'files', url: 'https://mcp.example.com/mcp', policy: 'auto' };

describe('MCP server entries', () => {
  it('send a typed bearer token and headers, and an allow-list split on commas and spaces', () => {
    const draft = { ...mcpDraftFrom(http), bearer: 'tok-1', toolsText: 'echo, add\nsearch' };
    draft.headers = [{ key: 'h', name: 'X-Team', value: 'blue', stored: false }];

    expect(mcpFields(http, draft)).toEqual({
      url: 'https://mcp.example.com/mcp',
      headers: { 'X-Team': 'blue', Authorization: 'Bearer tok-1' },
      tools: ['echo', 'add', 'search'],
    });
  });

  it('keep stored credentials by sending the mask back, and replace them when a value is typed', () => {
    const stored: ToolDefinition = { ...http, headers: { Authorization: STORED, 'X-Team': STORED } };
    const draft = mcpDraftFrom(stored);

    expect(draft.bearerStored).toBe(true);
    expect(draft.bearer).toBe('');
    expect(draft.headers).toMatchObject([{ name: 'X-Team', value: '', stored: true }]);
    expect(mcpFields(stored, draft).headers).toEqual({ 'X-Team': STORED, Authorization: STORED });

    const typed = { ...draft, bearer: 'new', headers: draft.headers.map(header => ({ ...header, value: 'red' })) };
    expect(mcpFields(stored, typed).headers).toEqual({ 'X-Team': 'red', Authorization: 'Bearer new' });
    expect(mcpFields(stored, { ...draft, bearerStored: false, headers: [] }).headers).toBeUndefined();
  });

  it('send a stdio server as command, args (one a line) and env, without url or headers', () => {
    const stdio: ToolDefinition = { type: 'mcp', name: 'local', command: 'npx', args: ['-y', 'server'], env: { TOKEN: STORED }, policy: 'auto' };
    const draft = mcpDraftFrom(stdio);

    expect(draft.transport).toBe('stdio');
    expect(mcpFields(stdio, { ...draft, argsText: '-y\nserver\n\n--verbose' })).toEqual({ command: 'npx', args: ['-y', 'server', '--verbose'], env: { TOKEN: STORED } });
  });

  it('name the fields the API would refuse', () => {
    const draft = mcpDraftFrom(http);
    expect(mcpErrors(http, draft)).toEqual({});
    expect(Object.keys(mcpErrors({ ...http, name: 'a__b', url: 'ftp://x', timeout_secs: 601 }, draft)).sort()).toEqual(['name', 'timeout_secs', 'url']);
    expect(mcpErrors(http, { ...draft, headers: [{ key: 'h', name: 'Mcp-Session-Id', value: 'x', stored: false }] }).headers).toContain('MCP transport');
    expect(mcpErrors(http, { ...draft, headers: [{ key: 'h', name: 'Authorization', value: 'x', stored: false }] }).headers).toContain('bearer');
    expect(mcpErrors(http, { ...draft, bearer: 'line\nbreak' }).bearer).toBeDefined();
    const stdio = { ...draft, transport: 'stdio' as const, env: [{ key: 'e', name: '1BAD', value: 'x', stored: false }] };
    expect(Object.keys(mcpErrors({ ...http, command: ' ' }, stdio)).sort()).toEqual(['command', 'env']);
  });
});
