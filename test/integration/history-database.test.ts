// The history in both databases: journals (archives, the live journal and its snapshot) imported lose nothing
// and a second import adds nothing; the KPIs the database computes are the ones the kernel computes from the
// same alarms; backup and restore carry everything over, from one engine to the other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, type StoredAlarm } from '../../sim-server/core/alarmEngine';
import { alarmKpis } from '../../sim-server/core/alarmKpis';
import { backup, restore } from '../../sim-server/history/backup';
import { filesToImport } from '../../sim-server/history/journalFiles';
import { historyCounts, importJournalFile } from '../../sim-server/history/importJournals';
import { migrate } from '../../sim-server/history/migrations';
import { HistoryWriter } from '../../sim-server/history/historyWriter';
import { alarmsPage, kpisFromDb } from '../../sim-server/history/queries';
import { openDatabase, type Sql } from '../../sim-server/history/sql';
import { Journal } from '../../sim-server/journal/journal';
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
    if (engine === 'PGlite') embeddedDatabaseIn(dataDir);
    sql = await openDatabase({ databaseUrl: engine === 'PostgreSQL' ? await freshDatabaseUrl() : null, dataDir });
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

  it('pages a period newest first by cursor, each alarm once', async () => {
    const seen = (await everyAlarm(sql, 37)).map((a) => a.id);
    expect(seen).toHaveLength(month.latest.size);
    expect(new Set(seen).size).toBe(seen.length);
    const raised = seen.map((id) => month.latest.get(id)!.alarm.raisedAt);
    expect([...raised].sort((a, b) => b - a)).toEqual(raised);
  });

  it('backs up and restores everything, into the other engine too', async () => {
    const file = join(dataDir, 'history.backup.gz');
    const counts = await backup(sql, file);
    expect(counts.alarms).toBe(month.latest.size);
    const otherDir = mkdtempSync(join(tmpdir(), 'restored-'));
    if (engine === 'PostgreSQL') embeddedDatabaseIn(otherDir);
    const other = await openDatabase({ databaseUrl: engine === 'PostgreSQL' ? null : await freshDatabaseUrl(), dataDir: otherDir });
    try {
      await migrate(other);
      expect(await restore(other, file)).toEqual(counts);
      expect(await historyCounts(other)).toEqual(await historyCounts(sql));
      const window = { from: T0, to: T0 + 62 * 86_400_000 };
      expect(await kpisFromDb(other, window)).toEqual(await kpisFromDb(sql, window));
      await expect(restore(other, file)).rejects.toThrow(/already holds a history/);
    } finally {
      await other.close();
    }
  });
});
