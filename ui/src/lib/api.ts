// A typed client of the Everruns API. The browser only talks to this app's origin: `/api/*` is
// forwarded to the API by the route handler in src/app/api/[...path].

import type {
  Agent,
  AgentStatus,
  AgentTools,
  ApprovalDecision,
  CreateAgent,
  CreateSchedule,
  CreateThread,
  Delivery,
  Health,
  Message,
  Page,
  Problem,
  Run,
  RunStatus,
  Schedule,
  ScheduleFire,
  ScheduleStatus,
  Thread,
  UpdateAgent,
} from './types';
import { authHeaders, reportUnauthorized } from './apiKey';

export const API_BASE = '/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
  }
}

export function problemMessage(status: number, problem: Problem): string {
  const fieldErrors = problem.errors ? Object.values(problem.errors).flat() : [];
  if (fieldErrors.length > 0) return fieldErrors.join(' ');
  return problem.detail || problem.title || `The API answered ${status}.`;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${withQuery(path, options.query)}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...authHeaders(),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'The API cannot be reached.', detail: 'Check that the Everruns API is running.' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { detail: text.slice(0, 300) };
    }
  }
  if (response.status === 401) reportUnauthorized();
  if (!response.ok) throw new ApiError(response.status, (body as Problem) ?? {});
  return body as T;
}

export interface ListQuery {
  limit?: number;
  offset?: number;
}

export const api = {
  health: (signal?: AbortSignal) => request<Health>('GET', '/health', { signal }),

  listAgents: (query: ListQuery & { status?: AgentStatus | 'all' } = {}, signal?: AbortSignal) =>
    request<Page<Agent>>('GET', '/v1/agents', { query: { ...query }, signal }),
  getAgent: (id: string, signal?: AbortSignal) => request<Agent>('GET', `/v1/agents/${id}`, { signal }),
  createAgent: (input: CreateAgent) => request<Agent>('POST', '/v1/agents', { body: input }),
  updateAgent: (id: string, input: UpdateAgent) => request<Agent>('PATCH', `/v1/agents/${id}`, { body: input }),
  archiveAgent: (id: string) => request<Agent | undefined>('DELETE', `/v1/agents/${id}`),
  /** The tools the agent's model is offered, its MCP servers' tools listed; refresh lists them again instead of reusing a recent listing. */
  agentTools: (id: string, refresh = false, signal?: AbortSignal) =>
    request<AgentTools>('GET', `/v1/agents/${id}/tools`, { query: { refresh: refresh ? 'true' : undefined }, signal }),

  listThreads: (query: ListQuery & { agent_id?: string } = {}, signal?: AbortSignal) =>
    request<Page<Thread>>('GET', '/v1/threads', { query: { ...query }, signal }),
  getThread: (id: string, signal?: AbortSignal) => request<Thread>('GET', `/v1/threads/${id}`, { signal }),
  createThread: (input: CreateThread) =>
    request<Thread>('POST', '/v1/threads', { body: input }),
  addMessage: (threadId: string, input: { role: 'user' | 'system' | 'assistant'; content: string }) =>
    request<Message>('POST', `/v1/threads/${threadId}/messages`, { body: input }),
  listMessages: (threadId: string, query: ListQuery = {}, signal?: AbortSignal) =>
    request<Page<Message>>('GET', `/v1/threads/${threadId}/messages`, { query: { ...query }, signal }),

  /** Every message of a thread, oldest first, page after page. */
  async allMessages(threadId: string, signal?: AbortSignal): Promise<Message[]> {
    const limit = 200;
    const all: Message[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await api.listMessages(threadId, { limit, offset }, signal);
      all.push(...page.data);
      if (page.data.length < limit || all.length >= page.total) return all;
    }
  },

  listRuns: (query: ListQuery & { status?: RunStatus; agent_id?: string; thread_id?: string; schedule_id?: string } = {}, signal?: AbortSignal) =>
    request<Page<Run>>('GET', '/v1/runs', { query: { ...query }, signal }),
  getRun: (id: string, signal?: AbortSignal) => request<Run>('GET', `/v1/runs/${id}`, { signal }),
  createRun: (input: { thread_id: string; agent_id?: string }) => request<Run>('POST', '/v1/runs', { body: input }),
  cancelRun: (id: string) => request<Run | undefined>('POST', `/v1/runs/${id}/cancel`),
  decideApproval: (runId: string, decision: ApprovalDecision) =>
    request<unknown>('POST', `/v1/runs/${runId}/approvals`, { body: decision }),
  listDeliveries: (runId: string, query: ListQuery = {}, signal?: AbortSignal) =>
    request<Page<Delivery>>('GET', `/v1/runs/${runId}/deliveries`, { query: { ...query }, signal }),

  listSchedules: (query: ListQuery & { agent_id?: string; status?: ScheduleStatus } = {}, signal?: AbortSignal) =>
    request<Page<Schedule>>('GET', '/v1/schedules', { query: { ...query }, signal }),
  getSchedule: (id: string, signal?: AbortSignal) => request<Schedule>('GET', `/v1/schedules/${id}`, { signal }),
  createSchedule: (input: CreateSchedule) => request<Schedule>('POST', '/v1/schedules', { body: input }),
  pauseSchedule: (id: string) => request<Schedule>('POST', `/v1/schedules/${id}/pause`),
  resumeSchedule: (id: string) => request<Schedule>('POST', `/v1/schedules/${id}/resume`),
  runScheduleNow: (id: string) => request<Run>('POST', `/v1/schedules/${id}/run`),
  deleteSchedule: (id: string) => request<undefined>('DELETE', `/v1/schedules/${id}`),
  listScheduleFires: (id: string, query: ListQuery = {}, signal?: AbortSignal) =>
    request<Page<ScheduleFire>>('GET', `/v1/schedules/${id}/fires`, { query: { ...query }, signal }),
};
