'use client';

import { useQuery } from '@tanstack/react-query';
import { Activity, Bot, CalendarClock, LayoutDashboard, Menu, MessageSquare, MessagesSquare, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '@/lib/api';
import { ThemeToggle } from './ThemeToggle';
import styles from './AppShell.module.css';

const NAV = [
  { href: '/', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/chat', label: 'Chat', icon: MessageSquare },
  { href: '/agents', label: 'Agents', icon: Bot },
  { href: '/runs', label: 'Runs', icon: Activity },
  { href: '/threads', label: 'Threads', icon: MessagesSquare },
  { href: '/schedules', label: 'Schedules', icon: CalendarClock },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

function Logo() {
  return (
    <Link href="/" className={styles.logo} aria-label="Everruns home">
      <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="var(--accent)" />
        <path d="M7 8h10M7 12h7M7 16h10" stroke="var(--on-accent)" strokeWidth="2.2" strokeLinecap="round" />
      </svg>
      <span>Everruns</span>
    </Link>
  );
}

function ApiStatus() {
  const health = useQuery({ queryKey: ['health'], queryFn: ({ signal }) => api.health(signal), refetchInterval: 30_000, retry: false });
  const ok = health.data?.status === 'healthy';
  const label = health.isPending ? 'Checking API…' : ok ? `API ${health.data?.version ?? ''}`.trim() : 'API unreachable';
  return (
    <div className={styles.apiStatus} title={health.data ? `Runner: ${health.data.runner_mode ?? 'unknown'}` : undefined}>
      <span className={`${styles.dot} ${health.isPending ? '' : ok ? styles.dotOk : styles.dotBad}`} aria-hidden="true" />
      <span>{label}</span>
      {health.data?.runner_mode ? <span className="faint">· {health.data.runner_mode}</span> : null}
    </div>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  const [open, setOpen] = useState(false);
  const [seenPath, setSeenPath] = useState(pathname);

  // Navigating closes the menu on small screens.
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className={styles.shell}>
      <header className={styles.topbar}>
        <button className="btn btn-ghost btn-icon" aria-label={open ? 'Close menu' : 'Open menu'} aria-expanded={open} aria-controls="sidebar" onClick={() => setOpen(value => !value)}>
          {open ? <X size={18} /> : <Menu size={18} />}
        </button>
        <Logo />
        <span className="spacer" />
        <ThemeToggle compact />
      </header>
      <aside id="sidebar" className={`${styles.sidebar} ${open ? styles.sidebarOpen : ''}`}>
        <div className={styles.sidebarLogo}>
          <Logo />
        </div>
        <nav aria-label="Main" className={styles.nav}>
          {NAV.map(({ href, label, icon: Icon }) => {
            const active = isActive(pathname, href);
            return (
              <Link key={href} href={href} className={`${styles.navLink} ${active ? styles.navLinkActive : ''}`} aria-current={active ? 'page' : undefined}>
                <Icon size={17} aria-hidden="true" />
                <span>{label}</span>
              </Link>
            );
          })}
        </nav>
        <div className={styles.sidebarFooter}>
          <ApiStatus />
          <ThemeToggle />
        </div>
      </aside>
      {open ? <div className={styles.backdrop} onClick={() => setOpen(false)} aria-hidden="true" /> : null}
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
