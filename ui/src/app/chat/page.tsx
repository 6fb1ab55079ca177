'use client';

import { Suspense } from 'react';
import { ChatView } from '@/components/chat/ChatView';
import { Loading } from '@/components/ui';

export default function ChatPage() {
  return (
    <Suspense fallback={<Loading rows={4} />}>
      <ChatView />
    </Suspense>
  );
}
