'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api';
import type { Agent } from '../types';

/** All agents (active and archived, up to 200), for names and pickers. */
export function useAllAgents() {
  return useQuery({
    queryKey: ['agents', 'all'],
    queryFn: async ({ signal }) => (await api.listAgents({ status: 'all', limit: 200 }, signal)).data,
    staleTime: 30_000,
  });
}

export function useAgentNames(): Map<string, Agent> {
  const { data } = useAllAgents();
  return useMemo(() => new Map((data ?? []).map(agent => [agent.id, agent])), [data]);
}
