// Backup and restore of the history, the same on PostgreSQL and PGlite: a gzip'd file of JSON lines (a header,
// then each table's rows, then counts), read back with json_populate_recordset. Engine-neutral on purpose:
// a street that starts on the embedded database moves to a PostgreSQL server by a backup and a restore.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { MIGRATIONS } from './migrations';
import type { Sql } from './sql';

export const FORMAT = 'street-twin-history-backup';

/** Every table of the history and its primary key (the order rows are read in, a page at a time). Not live_log:
 * a minute or two of the live stream's write-ahead, which the owner writes afresh when it starts. */
export const TABLES: { name: string; key: string[] }[] = [
  { name: 'alarms', key: ['id'] },
  { name: 'alarm_docs', key: ['id'] },
  { name: 'alarm_transitions', key: ['alarm_id', 'seq'] },
  { name: 'tasks', key: ['id'] },
  { name: 'service_notes', key: ['device_id', 'at', 'out_of_service'] },
  { name: 'commands', key: ['req_id'] },
  { name: 'audit', key: ['id'] },
  { name: 'people_log', key: ['seq'] },
  { name: 'scenarios', key: ['id', 'version'] },
  { name: 'report_photos', key: ['name'] },
  { name: 'drill_summaries', key: ['drill_id'] },
  { name: 'corrective_actions', key: ['id'] },
  { name: 'reports', key: ['id'] },
  { name: 'readings_1m', key: ['device_id', 'quantity', 't'] },
  { name: 'readings_1h', key: ['device_id', 'quantity', 't'] },
  { name: 'readings_1d', key: ['device_id', 'quantity', 't'] },
  { name: 'history_position', key: ['journal'] },
];

const PAGE = 5000;

/** Tables whose numbers come from a sequence: after a restore it starts past the rows restored. */
const SERIALS = [['audit', 'id'], ['people_log', 'seq']] as const;

/** bytea (photos) as PostgreSQL's own hex text, which json_populate_recordset reads back as bytes. */
function bytesAsHex(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? `\\x${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex')}` : value;
}

export async function backup(sql: Sql, file: string, progress: (table: string, rows: number) => void = () => {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const schema = Math.max(...(await sql.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version));
  async function* lines() {
    yield `${JSON.stringify({ format: FORMAT, version: 1, schema, createdAt: new Date().toISOString() })}\n`;
    for (const { name, key } of TABLES) {
      yield `${JSON.stringify({ table: name })}\n`;
      counts[name] = 0;
      let after: unknown[] | null = null;
      for (;;) {
        const cond = after ? `where (${key.join(', ')}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
        const rows: Record<string, unknown>[] = await sql.query<Record<string, unknown>>(`select * from ${name} ${cond} order by ${key.join(', ')} limit ${PAGE}`, after ?? []);
        for (const row of rows) yield `${JSON.stringify(row, bytesAsHex)}\n`;
        counts[name] += rows.length;
        progress(name, counts[name]);
        if (rows.length < PAGE) break;
        const last = rows.at(-1)!;
        after = key.map((k) => last[k]);
      }
    }
    yield `${JSON.stringify({ end: true, counts })}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
  return counts;
}

export class BackupRefused extends Error {}

/** Restores into a database that holds no history (or, with `replace`, empties it first). */
export async function restore(sql: Sql, file: string, opts: { replace?: boolean; progress?: (table: string, rows: number) => void } = {}): Promise<Record<string, number>> {
  const held = await sql.query<{ n: number }>(`select (${TABLES.map((t) => `(select count(*) from ${t.name})`).join(' + ')}) as n`);
  if ((held[0]?.n ?? 0) > 0 && !opts.replace) throw new BackupRefused(`the database already holds a history (${held[0]!.n} rows): give --replace to empty it first`);
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let header: { format?: string; schema?: number } | null = null;
  let table: string | null = null;
  let rows: unknown[] = [];
  let ended: { counts: Record<string, number> } | null = null;
  const counts: Record<string, number> = {};
  const known = new Set(TABLES.map((t) => t.name));
  const flush = async () => {
    if (!table || rows.length === 0) return;
    await sql.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows)]);
    counts[table] = (counts[table] ?? 0) + rows.length;
    opts.progress?.(table, counts[table]!);
    rows = [];
  };
  try {
    for await (const line of input) {
      if (!line) continue;
      const value = JSON.parse(line) as Record<string, unknown>;
      if (!header) {
        header = value;
        if (header.format !== FORMAT) throw new BackupRefused(`${file} is not a backup of the twin's history`);
        const latest = MIGRATIONS.at(-1)!.version;
        if ((header.schema ?? 0) > latest) throw new BackupRefused(`${file} was made by a newer version of the twin (schema ${header.schema}; this one knows ${latest})`);
        if (opts.replace) await sql.batch(TABLES.map((t) => ({ sql: `delete from ${t.name}` })));
        continue;
      }
      if (typeof value.table === 'string') {
        await flush();
        if (!known.has(value.table)) throw new BackupRefused(`${file} names a table this version does not have (${value.table})`);
        table = value.table;
        counts[table] ??= 0;
      } else if (value.end === true) { await flush(); ended = value as unknown as { counts: Record<string, number> }; }
      else { rows.push(value); if (rows.length >= 2000) await flush(); }
    }
  } catch (e) {
    if (e instanceof BackupRefused) throw e;
    throw new BackupRefused(`${file} cannot be read (${(e as Error).message.split('\n')[0]})`);
  }
  if (!header) throw new BackupRefused(`${file} is empty`);
  if (!ended) throw new BackupRefused(`${file} ends early (a backup cut short): what it held so far was restored; restore a whole backup with --replace`);
  for (const [t, n] of Object.entries(ended.counts)) if ((counts[t] ?? 0) !== n) throw new BackupRefused(`${file}: ${t} should hold ${n} rows, ${counts[t] ?? 0} were read`);
  for (const [t, c] of SERIALS) await sql.query(`select setval(pg_get_serial_sequence('${t}', '${c}'), coalesce((select max(${c}) from ${t}), 0) + 1, false)`);
  return counts;
}
