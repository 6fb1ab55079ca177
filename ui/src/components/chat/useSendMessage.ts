'use client';

// Sending a message: a new thread when there is none, the user's message, then a run. A thread that already has
// a run going shows that one instead (the API answers 409 with its id).

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '@/lib/api';

export interface Pending {
  text: string;
  /** The stored message's id, once the API has it. */
  id?: string;
}

export function useSendMessage({
  agentId,
  threadId,
  onRunStarted,
}: {
  agentId: string | undefined;
  threadId: string | undefined;
  onRunStarted: (threadId: string, runId: string) => void;
}) {
  const queryClient = useQueryClient();
  // The message being sent, shown until the thread's stored messages include it.
  const [pending, setPending] = useState<Pending>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const send = async (text: string): Promise<boolean> => {
    if (!agentId) return false;
    setError(undefined);
    setNotice(undefined);
    setPending({ text });
    try {
      let tid = threadId;
      if (!tid) {
        const created = await api.createThread({ agent_id: agentId, title: text.split('\n')[0]!.slice(0, 80) });
        tid = created.id;
        void queryClient.invalidateQueries({ queryKey: ['threads'] });
      }
      const message = await api.addMessage(tid, { role: 'user', content: text });
      setPending({ text, id: message.id });
      let runId: string;
      try {
        runId = (await api.createRun({ thread_id: tid, agent_id: agentId })).id;
      } catch (failure) {
        const active = failure instanceof ApiError && failure.status === 409 ? failure.problem.active_run_id : undefined;
        if (!active) throw failure;
        runId = String(active);
        setNotice('This thread already had a run going: showing it.');
      }
      onRunStarted(tid, runId);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['thread-messages', tid] }),
        queryClient.invalidateQueries({ queryKey: ['runs', 'thread', tid] }),
      ]);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setPending(undefined);
    }
  };

  return { send, pending, error, notice };
}
