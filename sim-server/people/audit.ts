// The audit log: every change of state someone made (alarm actions, tasks, devices, reports, drills,
// scenarios, people and tokens) and every login, failed login and logout, with who, when, from where and
// how it went. Each entry is committed to the database's audit table (history/auditTable.ts; shared by the
// processes of a district) before the action is answered; GET /api/audit reads it there.
import { auditInsert } from '../history/auditTable';
import type { Sql } from '../history/sql';
import type { Actor } from './principal';

export interface AuditEntry {
  at: number;
  /** A permission-table action (alarms.ack …) or a session event (session.login, session.login_failed, session.logout). */
  action: string;
  by: Actor & { login?: string; kind: 'person' | 'service' | 'anonymous' | 'guest' };
  /** What it was done to: an alarm, device, task, report, drill, scenario, person or token id. */
  target?: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** The client's address (behind TRUSTED_PROXIES, the client's own). */
  address?: string;
  detail?: Record<string, unknown>;
}

export class AuditLog {
  private writing: Promise<unknown> = Promise.resolve();
  /** Entries the database refused: written again with the next one, and at close. */
  private pending: AuditEntry[] = [];
  constructor(readonly sql: Sql, private readonly onFailed: () => void = () => {}) {}

  /** Resolves true once the entry is committed; false if the database refused it (it is retried with the next). */
  record(entry: AuditEntry): Promise<boolean> {
    this.pending.push(entry);
    return this.flush();
  }

  private flush(): Promise<boolean> {
    const done = this.writing.then(async () => {
      if (this.pending.length === 0) return true;
      const entries = this.pending;
      try {
        await this.sql.batch([auditInsert(entries)]);
        this.pending = this.pending.slice(entries.length);
        return true;
      } catch {
        this.onFailed();
        return false;
      }
    });
    this.writing = done.catch(() => {});
    return done;
  }

  async close(): Promise<void> { await this.flush(); }
}

export interface AuditQuery { from: number; to: number; login?: string; limit: number }
