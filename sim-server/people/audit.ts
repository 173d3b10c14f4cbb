// The audit log: every change of state someone made (alarm actions, tasks, devices, reports, drills,
// scenarios, people and tokens) and every login, failed login and logout, with who, when, from where and
// how it went. Append-only JSON lines in DATA_DIR/audit.jsonl, each synced before the action is answered
// (processes sharing DATA_DIR append to the same file). The history reads it into its database (history/auditFeed.ts),
// where GET /api/audit finds it.
import { open, type FileHandle } from 'node:fs/promises';
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
  private handle: Promise<FileHandle> | null = null;
  private writing: Promise<unknown> = Promise.resolve();
  /** Entries the disk refused: written again before the next one. */
  private pending: string[] = [];
  constructor(readonly file: string, private readonly onFailed: () => void = () => {}) {}

  /** Resolves true once the entry is on disk; false if the disk refused it (it is retried with the next). */
  record(entry: AuditEntry): Promise<boolean> {
    this.pending.push(`${JSON.stringify(entry)}\n`);
    const done = this.writing.then(async () => {
      if (this.pending.length === 0) return true;
      const lines = this.pending.join('');
      this.handle ??= open(this.file, 'a', 0o600);
      try {
        const h = await this.handle;
        await h.appendFile(lines);
        await h.datasync();
        this.pending = [];
        return true;
      } catch {
        this.onFailed();
        return false;
      }
    });
    this.writing = done.catch(() => {});
    return done;
  }

  async close(): Promise<void> {
    await this.writing;
    if (this.handle) await (await this.handle).close().catch(() => {});
    this.handle = null;
  }
}

export interface AuditQuery { from: number; to: number; login?: string; limit: number }
