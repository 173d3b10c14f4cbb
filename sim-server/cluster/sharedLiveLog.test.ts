// The shared live log against a real PostgreSQL (Debian's, on a free port, started here so it can be stopped):
// what a process taking the live stream over reads is the newest snapshot and every record after it, in order;
// rows before a snapshot go; while the database is away commits fail at once, the records wait in memory and
// are all written, in order, when it is back; the journal it mirrors says why it cannot record meanwhile.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgres, type Postgres } from '../../test/helpers/postgres';
import { until } from '../../test/helpers/mqttProbe';
import { migrate } from '../history/migrations';
import { openDatabase, type Sql } from '../history/sql';
import { Journal, type SnapshotState } from '../journal/journal';
import type { JournalRecord } from '../journal/records';
import { SharedLiveLog } from './sharedLiveLog';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { LIVE } from '../../bridge/topics';
import { ManualClock } from '../clock';
import { LivePipeline } from '../livePipeline';
import { createMetrics } from '../metrics';
import type { TwinEvent } from '../core/twinCore';

const service = (deviceId: string, at: number): JournalRecord => ({ t: 'service', at, deviceId, outOfService: true, by: '值班长', reason: 'maintenance' });
const state = (outOfService: string[]): SnapshotState => ({ alarms: [], tasks: [], outOfService, lastHeard: {}, reports: [], serviceNotes: {} });
const devices = (records: JournalRecord[]) => records.map((r) => (r.t === 'service' ? r.deviceId : r.t));

describe('the shared live log', () => {
  let cluster: Postgres;
  let sql: Sql;
  beforeAll(async () => {
    cluster = await startPostgres();
    sql = await openDatabase({ databaseUrl: await createDatabase(cluster.url, 'live_log_test'), dataDir: '' });
    await migrate(sql);
  }, 120_000);
  afterAll(async () => { await sql?.close(); await cluster?.remove(); });

  it('gives a taker the newest snapshot and the records after it, in order; rows before the snapshot are gone', async () => {
    const log = new SharedLiveLog(sql, 'jinhe', { retryMs: 100 });
    log.snapshotIfDue(1000, () => state(['first']), true);
    for (const id of ['d-1', 'd-2', 'd-3']) log.append(service(id, 1001));
    await log.commit();
    let taken = await SharedLiveLog.read(sql, 'jinhe');
    expect(taken!.snapshot!.outOfService).toEqual(['first']);
    expect(devices(taken!.records)).toEqual(['d-1', 'd-2', 'd-3']);
    // Another district's log is its own.
    expect(await SharedLiveLog.read(sql, 'elsewhere')).toBeNull();

    // Not a minute yet: no snapshot; then one, and what it folded in is deleted with it.
    log.snapshotIfDue(30_000, () => state(['never']));
    log.append(service('d-4', 30_001));
    await log.commit();
    log.snapshotIfDue(61_000, () => state(['second']));
    log.append(service('d-5', 61_001));
    await log.commit();
    taken = await SharedLiveLog.read(sql, 'jinhe');
    expect(taken!.snapshot!.outOfService).toEqual(['second']);
    expect(devices(taken!.records)).toEqual(['d-5']);
    const rows = await sql.query<{ n: number }>(`select count(*)::int as n from live_log where district = 'jinhe'`);
    expect(rows[0]!.n).toBe(2);
    await log.close();
  });

  it('while the database is away, commits fail at once and the journal says why; every record is written in order when it is back', async () => {
    const log = new SharedLiveLog(sql, 'stopped', { retryMs: 100 });
    const file = join(mkdtempSync(join(tmpdir(), 'live-log-')), 'journal-stopped.jsonl');
    const { journal } = Journal.open(file, { mirror: log });
    log.snapshotIfDue(0, () => state([]), true);
    journal.append(service('before', 1));
    await journal.commit();
    expect(journal.failing).toBeNull();

    await cluster.stop();
    journal.append(service('during-1', 2));
    await expect(journal.commit()).rejects.toThrow(/database|connect|terminat/i);
    expect(journal.failing).toMatch(/^the shared live log cannot be written/);
    // Failing now: the next commit is refused at once (an alarm is announced without waiting on a timeout).
    journal.append(service('during-2', 3));
    const t0 = performance.now();
    await expect(journal.commit()).rejects.toThrow(/shared live log/);
    expect(performance.now() - t0).toBeLessThan(1000);
    // The local file has them all the while.
    expect(Journal.read(file).outOfService.sort()).toEqual(['before', 'during-1', 'during-2']);

    await cluster.start();
    await until(() => log.failing === null, 60_000, 'the shared live log written again');
    expect(journal.failing).toBeNull();
    journal.append(service('after', 4));
    await journal.commit();
    const taken = await SharedLiveLog.read(sql, 'stopped');
    expect(devices(taken!.records)).toEqual(['before', 'during-1', 'during-2', 'after']);
    journal.close();
    await log.close();
  }, 120_000);

  it('under the live pipeline: with the database away a gas alarm is still announced, an acknowledgement is refused naming the database; back, both are in the log', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 8));
    const pipeline = new LivePipeline(bundledIndex(), bundledRules(), LIVE, clock, createMetrics({ processMetrics: false }), () => {});
    const file = join(mkdtempSync(join(tmpdir(), 'live-log-')), 'journal-jinhe.jsonl');
    pipeline.useJournal(file, null, { mirror: new SharedLiveLog(sql, 'piped', { retryMs: 100 }), historyName: 'test/journal-jinhe.jsonl' });
    const announced: TwinEvent[] = [];
    pipeline.announcer.subscribe((events) => announced.push(...events));
    await until(async () => (await SharedLiveLog.read(sql, 'piped'))?.snapshot != null, 10_000, 'the owner\'s first snapshot');

    await cluster.stop();
    pipeline.onMqttMessage('twin/jinhe/dev/gas-a1-301/telemetry', Buffer.from(JSON.stringify({ readings: { gas_lel: 35 } })));
    await until(() => announced.some((e) => e.kind === 'alarm' && e.type === 'raised'), 10_000, 'the gas alarm announced with the database away');
    const alarm = pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-a1-301')!;
    const refused = pipeline.desks.acknowledge(alarm.id, { id: 'p1', name: '值班长' });
    expect(refused).toMatchObject({ ok: false, code: 'unrecorded', message: expect.stringMatching(/^the shared live log cannot be written .*: this cannot be recorded now; try again once the database is back$/) });

    await cluster.start();
    await until(() => pipeline.journalFailing === null, 60_000, 'the shared live log written again');
    const acked = pipeline.desks.acknowledge(alarm.id, { id: 'p1', name: '值班长' });
    expect(acked.ok && await acked.recorded).toBe(true);
    const taken = await SharedLiveLog.read(sql, 'piped');
    const states = taken!.records.flatMap((r) => (r.t === 'alarm' && r.s.alarm.id === alarm.id ? [r.s.alarm.state] : []));
    expect(states).toEqual(['active_unacked', 'active_acked']);
    await pipeline.close();
  }, 120_000);

  it('refuses a row this version cannot read, naming it', async () => {
    await sql.query(`insert into live_log (district, snapshot, record) values ('odd', false, '{"t":"from-the-future"}')`);
    await expect(SharedLiveLog.read(sql, 'odd')).rejects.toThrow(/live_log, district odd, row \d+\) holds a record this version cannot read/);
  });
});
