// Who is logged in, as the browser knows it: GET /api/session behind an HttpOnly cookie the page never
// sees. What a person may do comes from the same permission table the server checks (twin-assets/permissions.ts).
import { useEffect, useSyncExternalStore } from 'react';
import type { Action, Grant, PersonScope, StaffRole } from '../../twin-assets/permissions';
import { api } from './api';

export interface SessionPerson {
  id: string; login: string | null; name: string; roles: StaffRole[]; scope: PersonScope | null;
  /** Each action the person's roles are granted, and where: the whole district, or their scope. */
  permissions: Partial<Record<Action, Grant>>;
}

export type SessionState = { status: 'loading' } | { status: 'anonymous'; error?: string } | { status: 'ok'; person: SessionPerson };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();
const set = (s: SessionState) => { state = s; listeners.forEach((l) => l()); };

export async function refreshSession(): Promise<void> {
  try {
    const r = await api('getApiSession');
    set(r.ok ? { status: 'ok', person: r.data } : r.status === 0 ? { status: 'anonymous', error: 'offline' } : { status: 'anonymous' });
  } catch { set({ status: 'anonymous', error: 'offline' }); }
}

/** Logs in; the error (the server's words) on failure. */
export async function logIn(login: string, password: string): Promise<{ ok: true } | { ok: false; status: number; error: string }> {
  const r = await api('postApiSession', { body: { login, password } });
  if (!r.ok) return r;
  set({ status: 'ok', person: r.data });
  return { ok: true };
}

export async function logOut(): Promise<void> {
  await api('deleteApiSession');
  set({ status: 'anonymous' });
}

let asked = false;
export function useSession(): SessionState {
  useEffect(() => { if (!asked) { asked = true; void refreshSession(); } }, []);
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => state);
}

/** Whether the person may do the action at all (in a place of their scope, for a scoped grant). */
export const may = (s: SessionState, action: Action): boolean => s.status === 'ok' && s.person.permissions[action] !== undefined;
