// Shapes of the Everruns REST API (JSON in snake_case).

export type AgentStatus = 'active' | 'archived';
export type ToolPolicy = 'auto' | 'requires_approval';
export type ToolType = 'webhook' | 'builtin';

export interface ToolDefinition {
  type: ToolType;
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  url?: string | null;
  method?: string | null;
  headers?: Record<string, string> | null;
  timeout_secs?: number | null;
  max_retries?: number | null;
  policy?: ToolPolicy;
  /** Write-only: the API never returns it. */
  secret?: string | null;
}

export interface AgentDefinition {
  system_prompt?: string | null;
  temperature?: number | null;
  max_tokens?: number | null;
  tools?: ToolDefinition[];
}

export interface Agent {
  id: string;
  name: string;
  description: string | null;
  default_model_id: string;
  definition: AgentDefinition;
  status: AgentStatus;
  created_at: string;
  updated_at: string;
}

export interface AgentInput {
  name: string;
  description?: string | null;
  default_model_id?: string | null;
  definition: AgentDefinition;
  status?: AgentStatus;
}

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';

export interface StoredToolCall {
  id: string;
  name: string;
  /** An object as stored by the API; older producers may send a JSON string. */
  arguments: unknown;
}

export interface Message {
  id: string;
  thread_id: string;
  run_id: string | null;
  role: MessageRole;
  content: string;
  tool_calls?: StoredToolCall[] | null;
  tool_call_id?: string | null;
  created_at: string;
}

export interface Thread {
  id: string;
  agent_id: string | null;
  title: string | null;
  metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  messages?: Message[] | null;
}

export type RunStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled'];

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'waiting'];

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface Run {
  id: string;
  agent_id: string;
  thread_id: string;
  status: RunStatus;
  attempt: number;
  cancel_requested: boolean;
  error?: string | null;
  usage: TokenUsage;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
}

export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Health {
  status: string;
  version?: string;
  runner_mode?: string;
  checks?: unknown;
}

export interface ApprovalDecision {
  tool_call_id: string;
  decision: 'approve' | 'deny';
  arguments?: unknown;
  reason?: string;
}

/** RFC 9457 problem details, with the extension members Everruns adds. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  active_run_id?: string;
  [key: string]: unknown;
}
