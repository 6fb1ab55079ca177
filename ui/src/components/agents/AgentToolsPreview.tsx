'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RefreshCw, Server } from 'lucide-react';
import { ErrorAlert, Loading } from '@/components/ui';
import { api } from '@/lib/api';
import type { Agent, McpServerStatus, ResolvedTool } from '@/lib/types';
import styles from './agents.module.css';

function source(tool: ResolvedTool): string {
  if (tool.mcp_server) return `MCP ${tool.mcp_server} · ${tool.mcp_tool}`;
  return tool.type === 'builtin' ? 'built-in' : tool.type;
}

function ServerStatus({ server }: { server: McpServerStatus }) {
  const available = server.status === 'available';
  return (
    <li className={styles.serverStatus} data-testid="mcp-server-status" data-server={server.name} data-status={server.status}>
      <div className="row">
        <Server size={15} className="muted" />
        <span className="mono">{server.name}</span>
        <span className="badge">{server.transport}</span>
        <span className={`badge badge-dot ${available ? 'badge-success' : 'badge-danger'}`}>{server.status}</span>
        {available ? (
          <span className="muted">
            {server.tool_count} {server.tool_count === 1 ? 'tool' : 'tools'}
          </span>
        ) : null}
      </div>
      {server.error ? (
        <span className="field-error" data-testid="mcp-server-error">
          {server.error}
        </span>
      ) : null}
      {server.missing_tools?.length ? (
        <span className="field-hint" data-testid="mcp-missing-tools">
          The server has no {server.missing_tools.join(', ')}.
        </span>
      ) : null}
    </li>
  );
}

/**
 * The tools the agent's model is offered, as saved: each MCP server's tools as the server lists them now (kept for a
 * short while by the API), and how each server answered.
 */
export function AgentToolsPreview({ agent }: { agent: Agent }) {
  const queryClient = useQueryClient();
  // A new version of the agent is listed anew.
  const queryKey = ['agent-tools', agent.id, agent.updated_at];
  const resolved = useQuery({ queryKey, queryFn: ({ signal }) => api.agentTools(agent.id, false, signal) });
  const refresh = useMutation({
    mutationFn: () => api.agentTools(agent.id, true),
    onSuccess: data => queryClient.setQueryData(queryKey, data),
  });
  const data = resolved.data;

  return (
    <div className={styles.resolvedTools} data-testid="agent-tools">
      <div className={styles.editorHead}>
        <span className="field-label">What the model sees</span>
        <button type="button" className="btn btn-sm btn-ghost" disabled={refresh.isPending || resolved.isFetching} onClick={() => refresh.mutate()}>
          <RefreshCw size={14} /> {refresh.isPending ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <span className="field-hint">The saved tools, with the tools each MCP server offers now. Save changes to see them here.</span>
      <ErrorAlert error={resolved.error ?? refresh.error} />
      {resolved.isPending ? <Loading rows={2} label="Listing the agent's tools…" /> : null}
      {data && data.mcp_servers.length > 0 ? (
        <ul className={styles.serverList}>
          {data.mcp_servers.map(server => (
            <ServerStatus key={server.name} server={server} />
          ))}
        </ul>
      ) : null}
      {data && data.tools.length === 0 ? <p className="muted">No tools: the model only answers with text.</p> : null}
      {data && data.tools.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>From</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {data.tools.map(tool => (
                <tr key={tool.name} data-testid="resolved-tool" data-name={tool.name}>
                  <td className="mono">
                    {tool.name}
                    {tool.policy === 'requires_approval' ? <span className="badge badge-warning" style={{ marginLeft: 6 }}>needs approval</span> : null}
                  </td>
                  <td className="muted">{source(tool)}</td>
                  <td>{tool.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
