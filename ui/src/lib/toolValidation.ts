// Checks an agent's tools before they are saved: names, webhook settings, and that each tool's
// parameters are a valid JSON Schema (draft 2020-12 or 07 via Ajv) describing an object.

import Ajv from 'ajv';
import type { ToolDefinition } from './types';

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: true });

export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export type SchemaCheck = { ok: true; schema: Record<string, unknown> | undefined } | { ok: false; error: string };

/** Parses and checks a tool's parameters as typed: empty means "no parameters". */
export function checkParametersSchema(text: string): SchemaCheck {
  if (!text.trim()) return { ok: true, schema: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'The parameters must be a JSON Schema object, like {"type":"object","properties":{...}}.' };
  }
  const schema = value as Record<string, unknown>;
  if (schema.type !== undefined && schema.type !== 'object') {
    return { ok: false, error: 'A tool takes an object of arguments: the schema\'s "type" must be "object".' };
  }
  if (!ajv.validateSchema(schema)) {
    return { ok: false, error: `Not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}` };
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    return { ok: false, error: `The schema cannot be used: ${(error as Error).message}` };
  }
  return { ok: true, schema };
}

export type HeadersCheck = { ok: true; headers: Record<string, string> | undefined } | { ok: false; error: string };

export function checkHeaders(text: string): HeadersCheck {
  if (!text.trim()) return { ok: true, headers: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some(v => typeof v !== 'string')) {
    return { ok: false, error: 'Headers are a JSON object of strings, like {"X-Api-Key":"..."}.' };
  }
  return { ok: true, headers: value as Record<string, string> };
}

/** Field errors of one tool, keyed by field name. */
export function toolErrors(tool: ToolDefinition, parametersText: string, headersText: string, otherNames: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!TOOL_NAME.test(tool.name)) errors.name = 'A tool name is 1 to 64 letters, digits, "_" or "-".';
  else if (otherNames.includes(tool.name)) errors.name = `Another tool is already called "${tool.name}".`;
  if (tool.type === 'webhook') {
    let url: URL | undefined;
    try {
      url = tool.url ? new URL(tool.url) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.url = 'A webhook needs an absolute http or https URL.';
    if (tool.timeout_secs != null && (tool.timeout_secs < 1 || tool.timeout_secs > 600)) errors.timeout_secs = 'Between 1 and 600 seconds.';
    if (tool.max_retries != null && (tool.max_retries < 0 || tool.max_retries > 10)) errors.max_retries = 'Between 0 and 10.';
    const headers = checkHeaders(headersText);
    if (!headers.ok) errors.headers = headers.error;
  }
  const schema = checkParametersSchema(parametersText);
  if (!schema.ok) errors.parameters = schema.error;
  return errors;
}
