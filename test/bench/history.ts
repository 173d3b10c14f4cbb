// The history at a year's size, on both databases: a busy street's year (500,000 alarms, 2,500,000 transitions)
// written through the product's own projection, then what people ask of it — the KPIs over the year and over a
// month, a page of alarms, a month's CSV — and one device's year of 1-minute aggregates charted by day and by
// minute. Each query's time is the median of three runs after a first one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredAlarm } from '../../sim-server/core/alarmEngine';
import { kpisFromDb } from '../../sim-server/history/kpiQueries';
import { alarmsForExport, alarmsPage, readingSeries } from '../../sim-server/history/queries';
import { migrate } from '../../sim-server/history/migrations';
import { project } from '../../sim-server/history/projection';
import { upsertMinutes, type Aggregate } from '../../sim-server/history/readings';
import { openDatabase, type Sql } from '../../sim-server/history/sql';
import type { AlarmState, ResponseLevel } from '../../twin-assets/protocol';
import { seededRng } from '../../twin-assets/random';
import { createDatabase, startPostgres } from '../helpers/postgres';

const YEAR = 365 * 86_400_000;
const T0 = Date.UTC(2025, 11, 1);
const LEVELS: ResponseLevel[] = ['IV', 'IV', 'IV', 'III', 'II', 'I'];

/** A year's alarms, `batch` at a time: five transitions each (raised, escalated, acknowledged, eased, closed). */
export function* yearOfAlarms(count: number, devices: number, batch: number): Generator<StoredAlarm[]> {
  const rng = seededRng(2026);
  let out: StoredAlarm[] = [];
  for (let i = 0; i < count; i++) {
    const raisedAt = T0 + Math.floor((i / count) * YEAR) + Math.floor(rng() * 60_000);
    const deviceId = `dev-${Math.floor(rng() * devices)}`;
    const level = LEVELS[Math.floor(rng() * LEVELS.length)]!;
    const ackAt = raisedAt + 5_000 + Math.floor(rng() * 900_000);
    const closeAt = ackAt + 60_000 + Math.floor(rng() * 3600_000);
    const steps: [number, AlarmState | null, AlarmState][] = [[raisedAt, null, 'active_unacked'], [raisedAt + 1000, 'active_unacked', 'active_unacked'], [ackAt, 'active_unacked', 'active_acked'], [ackAt + 30_000, 'active_acked', 'active_acked'], [closeAt, 'active_acked', 'closed']];
    out.push({
      alarm: { id: `${deviceId}.rule.${raisedAt}.${i}`, deviceId, deviceType: 'smoke', kind: i % 3 ? 'fire' : 'gas_leak', level, state: 'closed', raisedAt, ackedAt: ackAt, ackedBy: '李敏',
        location: { courtyardId: `cy-${Math.floor(rng() * 40)}`, buildingId: null, floor: null, x: 0, y: 0, z: 0 }, reading: { alarm: true }, notified: ['household'], exercise: false },
      ruleId: 'rule', baseLevel: level, factors: [], escalations: 1, escalateAt: null, round: 1, conditionActive: false, shelvedUntil: null,
      history: steps.map(([at, from, to]) => ({ at, from, to, level, by: to === 'active_acked' && from === 'active_unacked' ? '李敏' : null, ...(to === 'active_acked' && from === 'active_unacked' ? { byId: 'p-li' } : {}) })),
    });
    if (out.length === batch) { yield out; out = []; }
  }
  if (out.length) yield out;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); result = await run(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[1]! * 10) / 10, result };
}

async function benchOne(sql: Sql, alarms: number, log: (s: string) => void) {
  await migrate(sql);
  const t0 = performance.now();
  let written = 0;
  for (const batch of yearOfAlarms(alarms, 2000, 5000)) {
    await sql.batch(project(batch.map((s) => ({ t: 'alarm' as const, at: s.history.at(-1)!.at, s }))));
    written += batch.length;
    if (written % 100_000 === 0) log(`    ${written} alarms written`);
  }
  const writeS = (performance.now() - t0) / 1000;
  // As the twin does after a long catch-up and once an hour (History.maintain): statistics, and PGlite's visibility map.
  await sql.query(sql.kind === 'pglite' ? 'vacuum analyze' : 'analyze');
  const [counts] = await sql.query<{ alarms: number; transitions: number }>('select (select count(*) from alarms) as alarms, (select count(*) from alarm_transitions) as transitions');
  // One detector's year of minutes.
  const minutes: Aggregate[] = [];
  const rng = seededRng(7);
  for (let t = T0; t < T0 + YEAR; t += 60_000) minutes.push({ deviceId: 'dev-1', quantity: 'gas_lel', t, n: 6, min: 0, mean: rng() * 3, max: 5, last: 1, lastAt: t + 50_000 });
  for (let i = 0; i < minutes.length; i += 20_000) await sql.batch(upsertMinutes(minutes.slice(i, i + 20_000)));

  const kpisYear = await timed(() => kpisFromDb(sql, { from: T0, to: T0 + YEAR }));
  const kpisMonth = await timed(() => kpisFromDb(sql, { from: T0 + 180 * 86_400_000, to: T0 + 210 * 86_400_000 }));
  const page = await timed(() => alarmsPage(sql, { from: T0, to: T0 + YEAR, level: 'II' }, null, 100));
  const csvMonth = await timed(() => alarmsForExport(sql, { from: T0 + 180 * 86_400_000, to: T0 + 210 * 86_400_000 }));
  const deviceYear = await timed(() => readingSeries(sql, 'dev-1', T0, T0 + YEAR, '1d'));
  const deviceDay = await timed(() => readingSeries(sql, 'dev-1', T0 + 100 * 86_400_000, T0 + 101 * 86_400_000, '1m'));
  return {
    alarms: counts!.alarms, transitions: counts!.transitions, writeSeconds: Math.round(writeS), alarmsWrittenPerSecond: Math.round(alarms / writeS),
    kpisYearMs: kpisYear.ms, kpisYearRaised: kpisYear.result.raised, kpisMonthMs: kpisMonth.ms,
    pageMs: page.ms, csvMonthMs: csvMonth.ms, csvMonthAlarms: csvMonth.result.alarms.length,
    deviceYearByDayMs: deviceYear.ms, deviceYearPoints: deviceYear.result.length, deviceDayByMinuteMs: deviceDay.ms, deviceDayPoints: deviceDay.result.length,
  };
}

export async function benchHistory(alarms: number, log: (s: string) => void = console.log) {
  log('  PostgreSQL (a cluster of the bench\'s own, Debian\'s package)');
  const cluster = await startPostgres();
  let postgres;
  try {
    const sql = await openDatabase({ databaseUrl: await createDatabase(cluster.url, 'bench'), dataDir: '' });
    postgres = await benchOne(sql, alarms, log);
    await sql.close();
  } finally { await cluster.remove(); }
  log(`  ${JSON.stringify(postgres)}`);
  log('  PGlite (embedded, in a worker thread)');
  const sql = await openDatabase({ databaseUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'bench-pglite-')) });
  const pglite = await benchOne(sql, alarms, log);
  await sql.close();
  log(`  ${JSON.stringify(pglite)}`);
  return { postgres, pglite, targets: { kpisYearMs: 1000, deviceYearMs: 200 } };
}
