import { describe, expect, it } from 'vitest';
import { checkHeaders, checkParametersSchema, toolErrors } from './toolValidation';

describe('checkParametersSchema', () => {
  it('accepts an object schema and no schema at all', () => {
    const result = checkParametersSchema('{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}');
    expect(result).toEqual({ ok: true, schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } });
    expect(checkParametersSchema('  ')).toEqual({ ok: true, schema: undefined });
  });

  it('rejects text that is not JSON, not an object, or not an object schema', () => {
    expect(checkParametersSchema('{type: object}')).toMatchObject({ ok: false, error: expect.stringContaining('Not valid JSON') });
    expect(checkParametersSchema('[1]')).toMatchObject({ ok: false, error: expect.stringContaining('JSON Schema object') });
    expect(checkParametersSchema('{"type":"string"}')).toMatchObject({ ok: false, error: expect.stringContaining('"object"') });
  });

  it('rejects schemas that break the JSON Schema rules', () => {
    expect(checkParametersSchema('{"type":"object","properties":{"n":{"type":"integer","minimum":"one"}}}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Not a valid JSON Schema'),
    });
    expect(checkParametersSchema('{"type":"object","required":"city"}')).toMatchObject({ ok: false });
    expect(checkParametersSchema('{"type":"object","properties":{"x":{"$ref":"#/$defs/missing"}}}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('cannot be used'),
    });
  });
});

describe('toolErrors', () => {
  it('checks names, duplicates and webhook settings', () => {
    expect(toolErrors({ type: 'builtin', name: 'current_time', policy: 'auto' }, '', '', [])).toEqual({});
    expect(toolErrors({ type: 'builtin', name: 'bad name', policy: 'auto' }, '', '', [])).toHaveProperty('name');
    expect(toolErrors({ type: 'builtin', name: 'dup', policy: 'auto' }, '', '', ['dup']).name).toContain('already');
    const webhook = toolErrors({ type: 'webhook', name: 'hook', url: 'ftp://x', timeout_secs: 0, max_retries: 11, policy: 'auto' }, '{}', '{"a":1}', []);
    expect(Object.keys(webhook).sort()).toEqual(['headers', 'max_retries', 'timeout_secs', 'url']);
  });

  it('reads headers as an object of strings', () => {
    expect(checkHeaders('{"X-Key":"v"}')).toEqual({ ok: true, headers: { 'X-Key': 'v' } });
    expect(checkHeaders('')).toEqual({ ok: true, headers: undefined });
    expect(checkHeaders('{"n":1}').ok).toBe(false);
  });
});
