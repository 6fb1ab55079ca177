// The REST API's types, by the names the UI uses. They come from the API's OpenAPI document, generated into
// api-schema.ts (scripts/generate-api-types.sh regenerates both; ./test.sh fails when they are stale).

import type { components } from './api-schema';

type Schemas = components['schemas'];

export type Agent = Schemas['AgentResponse'];
export type AgentDefinition = Schemas['AgentDefinition'];
export type AgentStatus = Schemas['AgentStatus'];
export type CreateAgent = Schemas['CreateAgentRequest'];
export type UpdateAgent = Schemas['UpdateAgentRequest'];
export type ToolDefinition = Schemas['ToolDefinition'];
export type ToolPolicy = Schemas['ToolPolicy'];
export type ToolType = Schemas['ToolType'];
export type AgentBudget = Schemas['AgentBudget'];
export type CompletionWebhook = Schemas['CompletionWebhook'];
export type AgentTools = Schemas['AgentToolsResponse'];
export type ResolvedTool = Schemas['ResolvedToolResponse'];
export type McpServerStatus = Schemas['McpServerStatus'];

export type Thread = Schemas['ThreadResponse'];
export type CreateThread = Schemas['CreateThreadRequest'];
export type Message = Schemas['MessageResponse'];
export type MessageRole = Schemas['MessageRole'];
export type StoredToolCall = Schemas['ToolCallResponse'];

export type Run = Schemas['RunResponse'];
export type RunStatus = Schemas['RunStatus'];
export type TokenUsage = Schemas['TokenUsage'];
export type ApprovalDecision = Schemas['ApprovalRequest'];
export type Delivery = Schemas['DeliveryResponse'];
export type DeliveryAttempt = Schemas['DeliveryAttemptResponse'];
export type DeliveryStatus = Schemas['DeliveryStatus'];

export type Schedule = Schemas['ScheduleResponse'];
export type ScheduleStatus = Schemas['ScheduleStatus'];
export type CreateSchedule = Schemas['CreateScheduleRequest'];
export type ScheduleFire = Schemas['ScheduleFireResponse'];
export type MissedFires = Schemas['MissedFires'];

/** One page of a list: every list of the API answers this envelope. */
export type Page<T> = Omit<Schemas['ListResponseOfRunResponse'], 'data'> & { data: T[] };

export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled'];

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'waiting'];

/** RFC 9457 problem details, with the members Everruns adds: `errors` by field, `active_run_id` on a busy thread. */
export type Problem = Schemas['ProblemDetails'] & {
  errors?: Record<string, string[]>;
  active_run_id?: string;
  [key: string]: unknown;
};

/** GET /health (outside the versioned API and its document). */
export interface Health {
  status: string;
  version?: string;
  runner_mode?: string;
  checks?: unknown;
}
