// The history in both databases: journals (archives, the live journal and its snapshot) imported lose nothing
// and a second import adds nothing; the KPIs the database computes are the ones the kernel computes from the
// same alarms; backup and restore carry everything over, from one engine to the other.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, type StoredAlarm } from '../../sim-server/core/alarmEngine';
import { alarmKpis } from '../../sim-server/core/alarmKpis';
import { backup, restore } from '../../sim-server/history/backup';
import { filesToImport } from '../../sim-server/history/journalFiles';
import { historyCounts, importJournalFile } from '../../sim-server/history/importJournals';
import { KPI_BUCKET_MS, migrate } from '../../sim-server/history/migrations';
import { project } from '../../sim-server/history/projection';
import { HistoryWriter } from '../../sim-server/history/historyWriter';
import { kpisFromDb } from '../../sim-server/history/kpiQueries';
import { alarmsPage } from '../../sim-server/history/queries';
import { openDatabase, type Sql } from '../../sim-server/history/sql';
import { Journal } from '../../sim-server/journal/journal';
import { AuditLog } from '../../sim-server/people/audit';
import type { AlarmState, ResponseLevel } from '../../twin-assets/protocol';
import { seededRng } from '../../twin-assets/random';
import { bundledIndex, bundledRules } from '../helpers/fixtures';
import { embeddedDatabaseIn, freshDatabaseUrl } from '../helpers/database';

const T0 = Date.UTC(2026, 10, 1);
const OPERATORS = [{ id: 'p-li', name: '李敏' }, { id: 'p-wang', name: '王强' }];

/** A month of gas alarms from the real engine, journaled as the live twin journals them, in a journal small
 * enough to be archived many times (so the import reads archives, the live journal and its snapshot). */
async function writeMonth(dataDir: string): Promise<{ latest: Map<string, StoredAlarm>; records: number }> {
  const index = bundledIndex();
  const engine = new AlarmEngine(index, bundledRules(), false);
  const gas = [...index.devices.values()].filter((d) => d.type === 'gas').map((d) => d.id);
  const random = seededRng(29);
  const file = join(dataDir, 'journal-jinhe.jsonl');
  const { journal } = Journal.open(file, { compactBytes: 40_000, archivesKept: 1000, snapshotEveryMs: 3600_000 });
  journal.state = () => ({ alarms: engine.openStored(), tasks: [], outOfService: [], reports: [], serviceNotes: {}, lastHeard: {} });
  const latest = new Map<string, StoredAlarm>();
  let records = 0;
  const record = (ids: string[], at: number) => {
    for (const id of ids) {
      const s = engine.stored(id)!;
      journal.append({ t: 'alarm', at, s });
      latest.set(id, s);
      records++;
    }
  };
  let now = T0;
  journal.snapshotIfDue(now);
  for (let i = 0; i < 400; i++) {
    now += Math.floor(random() * 3 * 3600_000);
    const device = gas[Math.floor(random() * gas.length)]!;
    const raised = engine.onReading(device, { gas_lel: 30 + Math.floor(random() * 40) }, now).map((e) => e.alarm.id);
    record(raised, now);
    for (const id of raised) {
      if (random() < 0.85) {
        now += 5_000 + Math.floor(random() * 600_000);
        engine.acknowledge(id, OPERATORS[i % 2]!, now);
        record([id], now);
      }
    }
    // Most go back to normal; a few are left standing at the end.
    if (i < 390) {
      now += 60_000;
      record(engine.onReading(device, { gas_lel: 0 }, now).map((e) => e.alarm.id), now);
      now += 31_000; // the rule's off-delay
      record(engine.tick(now).map((e) => e.alarm.id), now);
    }
    await journal.commit();
    journal.snapshotIfDue(now);
  }
  journal.close(now);
  return { latest, records };
}

/** 70 days of alarms made to find the seams of the KPI aggregates: acknowledged or shelved days after they were
 * raised (past a window's end), never acknowledged, sources chattering across the edges of the 10-day buckets,
 * alarms regraded by a later version, and alarms deleted. */
function challengingAlarms() {
  const random = seededRng(202);
  const start = Date.UTC(2025, 0, 3, 5, 7, 11);
  const levels: ResponseLevel[] = ['IV', 'III', 'II', 'I'];
  const alarm = (id: string, deviceId: string, kind: string, level: ResponseLevel, raisedAt: number, ackAt: number | null, shelveAt: number | null, closeAt: number | null): StoredAlarm => {
    const events: [number, AlarmState][] = [[raisedAt, 'active_unacked']];
    if (shelveAt !== null) events.push([shelveAt, 'shelved'], [shelveAt + 1000, 'active_unacked']);
    if (ackAt !== null) events.push([ackAt, 'active_acked']);
    if (closeAt !== null) events.push([closeAt, 'closed']);
    events.sort((a, b) => a[0] - b[0]);
    const history = events.map(([at, to], i) => ({ at, from: i ? events[i - 1]![1] : null, to, level, by: to === 'active_acked' ? '李敏' : null }));
    return {
      alarm: { id, deviceId, deviceType: 'gas', kind, level, state: history.at(-1)!.to, raisedAt, ackedAt: ackAt, ackedBy: ackAt === null ? null : '李敏',
        location: { courtyardId: 'cy-1', buildingId: null, floor: null, x: 0, y: 0, z: 0 }, reading: { gas_lel: 30 }, notified: ['household'], exercise: false },
      ruleId: 'rule', baseLevel: level, factors: [], escalations: 0, escalateAt: null, round: 1, conditionActive: false, shelvedUntil: null, history,
    };
  };
  const alarms: StoredAlarm[] = [];
  for (let i = 0; i < 3000; i++) {
    const raisedAt = start + Math.floor(random() * 70 * 86_400_000);
    const r = random();
    const ackAt = r < 0.1 ? null : raisedAt + (r < 0.15 ? Math.floor(random() * 20 * 86_400_000) : 1000 + Math.floor(random() * 1800_000));
    const shelveAt = random() < 0.08 ? raisedAt + Math.floor(random() * 10 * 86_400_000) : null;
    const last = Math.max(raisedAt, ackAt ?? 0, shelveAt === null ? 0 : shelveAt + 1000);
    alarms.push(alarm(`a${i}`, `dev-${Math.floor(random() * 30)}`, i % 3 ? 'gas_leak' : 'fire', levels[Math.floor(random() * 4)]!, raisedAt, ackAt, shelveAt, random() < 0.9 && ackAt !== null ? last + 60_000 : null));
  }
  // Chatter across each bucket's edge: two before it, two after, within a minute; and once inside a bucket.
  for (let b = Math.ceil(start / KPI_BUCKET_MS) * KPI_BUCKET_MS; b < start + 70 * 86_400_000; b += KPI_BUCKET_MS) {
    for (const dt of [-40_000, -20_000, 5_000, 15_000]) alarms.push(alarm(`edge-${b}-${dt}`, 'chatter-edge', 'gas_leak', 'III', b + dt, b + dt + 3000, null, b + dt + 9000));
    for (const dt of [3 * 86_400_000, 3 * 86_400_000 + 30_000, 3 * 86_400_000 + 50_000]) alarms.push(alarm(`in-${b}-${dt}`, 'chatter-in', 'fire', 'II', b + dt, null, null, null));
  }
  alarms.sort((a, b) => a.alarm.raisedAt - b.alarm.raisedAt);
  // A first version at level IV, then regraded to I with an acknowledgement, in a later write.
  const regraded = alarms.filter((_, i) => i % 97 === 0).map((s) => {
    const later = alarm(s.alarm.id, s.alarm.deviceId, s.alarm.kind, 'I', s.alarm.raisedAt, s.alarm.raisedAt + 7_777, null, null);
    later.history.splice(1, 0, { at: s.alarm.raisedAt + 1, from: 'active_unacked', to: 'active_unacked', level: 'I', by: null });
    return later;
  });
  const firstVersions = alarms.map((s) => (regraded.some((r) => r.alarm.id === s.alarm.id) ? alarm(s.alarm.id, s.alarm.deviceId, s.alarm.kind, 'IV', s.alarm.raisedAt, null, null, null) : s));
  const deleted = alarms.filter((_, i) => i % 89 === 5).map((s) => s.alarm.id);
  return { alarms: firstVersions, regraded, deleted };
}

/** A fresh, empty history database on `engine`: one of the suite's PostgreSQL cluster, or a copy of its embedded
 * one in `dataDir`. */
async function freshDatabase(engine: string, dataDir: string): Promise<Sql> {
  if (engine === 'PGlite') embeddedDatabaseIn(dataDir);
  return openDatabase({ databaseUrl: engine === 'PostgreSQL' ? await freshDatabaseUrl() : null, dataDir });
}

/** A period's alarms, page by page (by cursor). */
async function everyAlarm(sql: Sql, limit = 500) {
  const out: Awaited<ReturnType<typeof alarmsPage>>['alarms'] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof alarmsPage>> = await alarmsPage(sql, { from: T0, to: Date.UTC(2030, 0) }, cursor, limit);
    out.push(...page.alarms);
    cursor = page.next;
  } while (cursor);
  return out;
}

describe.each([['PostgreSQL'], ['PGlite']])('the history on %s', (engine) => {
  let sql: Sql;
  let dataDir: string;
  let month: Awaited<ReturnType<typeof writeMonth>>;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'history-'));
    month = await writeMonth(dataDir);
    sql = await freshDatabase(engine, dataDir);
    await migrate(sql);
  });
  afterAll(async () => { await sql?.close(); });

  it('imports a journal, its archives and its snapshot without losing a record, and a second import adds nothing', async () => {
    const files = filesToImport(dataDir);
    expect(files.filter((f) => f.includes('/archive/')).length).toBeGreaterThan(3);
    let read = 0;
    for (const f of files) read += (await importJournalFile(sql, f)).records;
    expect(read).toBeGreaterThanOrEqual(month.records);
    const counts = await historyCounts(sql);
    expect(counts.alarms).toBe(month.latest.size);
    expect(counts.transitions).toBe([...month.latest.values()].reduce((n, s) => n + s.history.length, 0));
    // Every alarm as last recorded, with each transition: who, when, why.
    const alarms = await everyAlarm(sql);
    expect(alarms).toHaveLength(month.latest.size);
    for (const a of alarms) {
      const s = month.latest.get(a.id)!;
      const { transitions, ...alarm } = a;
      expect(alarm).toEqual(s.alarm);
      expect(transitions).toEqual(s.history.map(({ byId, reason, ...t }) => ({ ...t, ...(byId ? { byId } : {}), ...(reason ? { reason } : {}) })));
    }
    expect(alarms.some((a) => a.transitions.some((t) => t.byId === 'p-li' && t.by === '李敏'))).toBe(true);
    for (const f of files) await importJournalFile(sql, f);
    expect(await historyCounts(sql)).toEqual(counts);
  });

  it('after a crash, finds what it had still to write in the segments archived since its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const file = join(dir, 'journal-jinhe.jsonl');
    const journal = Journal.open(file, { compactBytes: 1 }).journal;
    journal.state = () => ({ alarms: [], tasks: [], outOfService: [], reports: [], serviceNotes: {}, lastHeard: {} });
    const service = (deviceId: string, at: number) => ({ t: 'service' as const, at, deviceId, outOfService: true, by: '李敏' });
    const archive = (at: number) => { journal.snapshotIfDue(at); journal.snapshotIfDue(at + 1); };
    journal.append(service('before-1', 1)); await journal.commit();
    archive(1000); // a first segment, named by when it began
    journal.append(service('a', 2000)); await journal.commit();
    const first = new HistoryWriter(sql, file);
    await first.catchUp(journal.segment, journal.bytes); // the database holds `a` and where it stopped
    // Written to the journal, not yet to the database, when the process dies; the journal is archived meanwhile.
    journal.append(service('b', 3000)); await journal.commit();
    archive(4000);
    journal.append(service('c', 5000)); await journal.commit();
    archive(6000);
    journal.append(service('d', 7000)); await journal.commit();
    journal.close();
    const again = Journal.open(file).journal;
    await new HistoryWriter(sql, file).catchUp(again.segment, again.bytes);
    again.close();
    const notes = (await sql.query<{ device_id: string }>(`select device_id from service_notes where device_id in ('a', 'b', 'c', 'd') order by device_id`)).map((r) => r.device_id);
    expect(notes).toEqual(['a', 'b', 'c', 'd']);
  });

  it('computes the KPIs the kernel computes from the same alarms, over any window', async () => {
    const all = [...month.latest.values()];
    const end = Math.max(...all.map((s) => s.history.at(-1)!.at));
    for (const [from, to] of [[T0, end + 1], [T0 + 7 * 86_400_000, T0 + 14 * 86_400_000], [T0 + 3600_000 * 5, T0 + 3600_000 * 9]] as const) {
      expect(await kpisFromDb(sql, { from, to })).toEqual(alarmKpis(all, from, to));
    }
    // A scope: one courtyard's alarms only.
    const courtyard = all[0]!.alarm.location.courtyardId!;
    const mine = all.filter((s) => s.alarm.location.courtyardId === courtyard);
    expect(await kpisFromDb(sql, { from: T0, to: end + 1, courtyards: [courtyard] })).toEqual(alarmKpis(mine, T0, end + 1));
  });

  it('keeps its KPI aggregates exact over 10-day buckets: late acknowledgements and shelving, chatter across a bucket\'s edge, regrades, deletes, any window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aggregates-'));
    const db = await freshDatabase(engine, dir);
    try {
      await migrate(db);
      const { alarms, regraded, deleted } = challengingAlarms();
      const write = (list: StoredAlarm[]) => db.batch(project(list.map((s) => ({ t: 'alarm' as const, at: s.history.at(-1)!.at, s }))));
      for (let i = 0; i < alarms.length; i += 500) await write(alarms.slice(i, i + 500));
      await write(regraded); // later versions: the update trigger moves them between levels
      await db.query('delete from alarms where id = any($1::text[])', [deleted]); // as the retention does
      const kept = [...new Map([...alarms, ...regraded].map((s) => [s.alarm.id, s])).values()].filter((s) => !deleted.includes(s.alarm.id));
      const [held] = await db.query<{ n: number }>('select sum(n) as n from kpi_sources');
      expect(held!.n).toBe(kept.length);
      const start = kept[0]!.alarm.raisedAt, end = Math.max(...kept.map((s) => s.history.at(-1)!.at));
      const windows: [number, number][] = [
        [start - (start % 600_000), end + 1], // everything, from a 10-minute mark
        [start + 123_457, end - 5 * 86_400_000], // a start off the 10-minute marks; an end before late acknowledgements
        [start - (start % KPI_BUCKET_MS), start - (start % KPI_BUCKET_MS) + 4 * KPI_BUCKET_MS], // bucket to bucket
        [start + 11 * 86_400_000 - (start % 600_000), start + 40 * 86_400_000 - (start % 600_000) + 17], // ends two days after most alarms of a bucket
        [start + 3 * 86_400_000, start + 6 * 86_400_000], // too short for a whole bucket
      ];
      for (const [from, to] of windows) expect(await kpisFromDb(db, { from, to }), `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`).toEqual(alarmKpis(kept, from, to));
    } finally { await db.close(); }
  });

  it('pages a period newest first by cursor, each alarm once', async () => {
    const seen = (await everyAlarm(sql, 37)).map((a) => a.id);
    expect(seen).toHaveLength(month.latest.size);
    expect(new Set(seen).size).toBe(seen.length);
    const raised = seen.map((id) => month.latest.get(id)!.alarm.raisedAt);
    expect([...raised].sort((a, b) => b - a)).toEqual(raised);
  });

  it('backs up and restores everything, into the other engine too', async () => {
    const file = join(dataDir, 'history.backup.gz');
    // What the processes share besides the history: people, the audit log, scenarios and photos (bytes).
    const photo = randomBytes(4096);
    await sql.query('insert into report_photos (name, content_type, bytes, at) values ($1, $2, $3, $4)', ['before.jpg', 'image/jpeg', photo, T0]);
    await sql.query(`insert into scenarios (id, version, saved_at, yaml, scenario) values ('my-drill', 1, $1, 'id: my-drill # 注释', '{"id": "my-drill"}')`, [T0]);
    await sql.query(`insert into people_log (record) values ('{"t": "session_end", "hash": "a"}'), ('{"t": "session_end", "hash": "b"}')`);
    const entry = { at: T0, action: 'session.login', by: { id: 'p1', name: '李敏', login: 'limin', kind: 'person' as const }, outcome: 'ok' as const };
    expect(await new AuditLog(sql).record(entry)).toBe(true);
    const shared = async (db: Sql) => JSON.stringify(await Promise.all(['people_log order by seq', 'scenarios order by id', 'audit order by id'].map((t) => db.query(`select * from ${t}`))));
    const counts = await backup(sql, file);
    expect(counts.alarms).toBe(month.latest.size);
    const otherDir = mkdtempSync(join(tmpdir(), 'restored-'));
    const other = await freshDatabase(engine === 'PostgreSQL' ? 'PGlite' : 'PostgreSQL', otherDir);
    try {
      await migrate(other);
      expect(await restore(other, file)).toEqual(counts);
      expect(await historyCounts(other)).toEqual(await historyCounts(sql));
      const window = { from: T0, to: T0 + 62 * 86_400_000 };
      expect(await kpisFromDb(other, window)).toEqual(await kpisFromDb(sql, window));
      expect(await shared(other)).toBe(await shared(sql));
      const [restored] = await other.query<{ bytes: Uint8Array }>(`select bytes from report_photos where name = 'before.jpg'`);
      expect(Buffer.from(restored!.bytes).equals(photo)).toBe(true);
      // Numbered rows go on after the restored ones.
      await other.query(`insert into people_log (record) values ('{"t": "session_end", "hash": "c"}')`);
      expect(await new AuditLog(other).record({ ...entry, at: T0 + 1 })).toBe(true);
      await expect(restore(other, file)).rejects.toThrow(/already holds a history/);
    } finally {
      await other.close();
    }
  });
});
