// The audit log's table: entries are written into it straight (people/audit.ts), and audit.jsonl from before
// the database kept it is imported once at start, from the position the database holds; each imported line's
// row is keyed by its byte offset, so importing again, or from another process, doubles nothing.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { AuditEntry, AuditQuery } from '../people/audit';
import { columns, positionStatement, unnest } from './projection';
import type { Sql, Statement } from './sql';

const JOURNAL = 'audit.jsonl';
const CHUNK = 4 * 2 ** 20;

/** Entries into the table; `offsets` when they are lines of audit.jsonl. */
export function auditInsert(entries: AuditEntry[], offsets: number[] | null = null): Statement {
  return {
    sql: `insert into audit (file_offset, at, action, by_id, by_name, by_login, by_kind, target, outcome, address, detail)
          ${unnest(['bigint', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb'])}
          on conflict do nothing`,
    params: columns(entries, (e, i) => [offsets?.[i] ?? null, e.at, e.action, e.by.id, e.by.name, e.by.login, e.by.kind, e.target, e.outcome, e.address, JSON.stringify(e.detail ?? null)]),
  };
}

/** DATA_DIR/audit.jsonl into the table, from where the database says it stopped. */
export async function importAuditFile(sql: Sql, file: string): Promise<void> {
  if (!existsSync(file)) return;
  const rows = await sql.query<{ offset: number }>('select "offset" from history_position where journal = $1', [JOURNAL]);
  let offset = rows[0]?.offset ?? 0;
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const size = fstatSync(fd).size;
      if (offset >= size) return;
      const buf = Buffer.alloc(Math.min(CHUNK, size - offset));
      const n = readSync(fd, buf, 0, buf.length, offset);
      const end = buf.lastIndexOf(0x0a, n - 1) + 1;
      if (end === 0) return; // a torn last line
      const entries: AuditEntry[] = [];
      const offsets: number[] = [];
      for (let from = 0, nl = buf.indexOf(0x0a); nl !== -1 && nl < end; from = nl + 1, nl = buf.indexOf(0x0a, from)) {
        try { entries.push(JSON.parse(buf.toString('utf8', from, nl)) as AuditEntry); offsets.push(offset + from); } catch { /* a torn line: skipped */ }
      }
      offset += end;
      await sql.batch([...(entries.length ? [auditInsert(entries, offsets)] : []), positionStatement(JOURNAL, 0, offset, Date.now())]);
    }
  } finally { closeSync(fd); }
}

/** A window's entries, newest first, at most `limit` (and whether more were left out). */
export async function auditEntries(sql: Sql, q: AuditQuery): Promise<{ entries: AuditEntry[]; truncated: boolean }> {
  const params: unknown[] = [q.from, q.to, q.limit + 1];
  if (q.login) params.push(q.login);
  const rows = await sql.query<{ at: number; action: string; by_id: string; by_name: string; by_login: string | null; by_kind: AuditEntry['by']['kind']; target: string | null; outcome: AuditEntry['outcome']; address: string | null; detail: Record<string, unknown> | null }>(
    `select at, action, by_id, by_name, by_login, by_kind, target, outcome, address, detail from audit
     where at >= $1 and at <= $2${q.login ? ' and by_login = $4' : ''} order by at desc, id desc limit $3`, params);
  const entries = rows.slice(0, q.limit).map((r): AuditEntry => ({
    at: r.at, action: r.action, by: { id: r.by_id, name: r.by_name, kind: r.by_kind, ...(r.by_login ? { login: r.by_login } : {}) },
    ...(r.target ? { target: r.target } : {}), outcome: r.outcome, ...(r.address ? { address: r.address } : {}), ...(r.detail ? { detail: r.detail } : {}),
  }));
  return { entries, truncated: rows.length > q.limit };
}
