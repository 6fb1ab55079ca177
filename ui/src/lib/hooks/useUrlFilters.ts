'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** A list page's filters and offset, kept in the address so that a reload or a shared link shows the same list. */
export function useUrlFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const offset = Math.max(0, Number(params.get('offset')) || 0);

  /** Sets the given parameters; an empty or undefined value removes one. */
  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const text = next.toString();
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  };

  return { params, offset, update };
}
