// Retention (HISTORY_DAYS) on both engines: what is older than the window goes — closed alarms with their
// transitions, audit entries, photos no kept report names — and what still matters stays: an alarm still open,
// a report still open with its old photo. The people log keeps latest states: sessions over and versions of a
// person behind a newer one go, and a process reading the log afresh knows the same people, sessions and tokens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../sim-server/clock';
import type { StoredAlarm } from '../../sim-server/core/alarmEngine';
import { History } from '../../sim-server/history/history';
import { project } from '../../sim-server/history/projection';
import { createMetrics } from '../../sim-server/metrics';
import { AuditLog } from '../../sim-server/people/audit';
import { PeopleStore, sha256 } from '../../sim-server/people/peopleStore';
import type { AlarmState } from '../../twin-assets/protocol';
import { embeddedDatabaseIn, freshDatabaseUrl } from '../helpers/database';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 8);

function storedAlarm(id: string, raisedAt: number, closedAt: number | null): StoredAlarm {
  const events: [number, AlarmState][] = [[raisedAt, 'active_unacked'], [raisedAt + 60_000, 'active_acked'], ...(closedAt === null ? [] : [[closedAt, 'closed'] as [number, AlarmState]])];
  const history = events.map(([at, to], i) => ({ at, from: i ? events[i - 1]![1] : null, to, level: 'III' as const, by: to === 'active_acked' ? '李敏' : null }));
  return {
    alarm: { id, deviceId: 'gas-a1-301', deviceType: 'gas', kind: 'gas_leak', level: 'III', state: history.at(-1)!.to, raisedAt, ackedAt: raisedAt + 60_000, ackedBy: '李敏',
      location: { courtyardId: 'cy-1', buildingId: null, floor: null, x: 0, y: 0, z: 0 }, reading: { gas_lel: 30 }, notified: ['household'], exercise: false },
    ruleId: 'gas-lel-high', baseLevel: 'III', factors: [], escalations: 0, escalateAt: null, round: 1, conditionActive: closedAt === null, shelvedUntil: null, history,
  };
}

describe.each(['PostgreSQL', 'PGlite'])('retention on %s', (engine) => {
  let history: History;
  const metrics = createMetrics({ processMetrics: false });
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retention-'));
    if (engine === 'PGlite') embeddedDatabaseIn(dataDir);
    history = await History.open({ databaseUrl: engine === 'PostgreSQL' ? await freshDatabaseUrl() : null, dataDir, clock: new ManualClock(NOW), metrics, log: () => {}, historyDays: 30 });
  }, 120_000);
  afterAll(async () => { await history?.close(); });

  it('removes what is past HISTORY_DAYS and keeps what still matters', async () => {
    const { sql } = history;
    const old = NOW - 40 * DAY, recent = NOW - 5 * DAY;
    await sql.batch(project([
      { t: 'alarm', at: old, s: storedAlarm('closed-long-ago', old - DAY, old) },
      { t: 'alarm', at: recent, s: storedAlarm('closed-lately', old, recent) },
      { t: 'alarm', at: old, s: storedAlarm('still-open', old, null) },
    ]));
    const audit = new AuditLog(sql);
    for (const at of [old, recent]) expect(await audit.record({ at, action: 'alarms.ack', by: { id: 'p1', name: '李敏', kind: 'person' }, outcome: 'ok' })).toBe(true);
    await sql.query(`insert into reports (id, category, status, courtyard_id, submitted_at, updated_at, version, report) values ('r-open', 'ebike_in_stairwell', 'accepted', null, $1, $1, 1, '{"photo": {"file": "kept.jpg"}}')`, [old]);
    for (const [name, at] of [['kept.jpg', old], ['orphan.jpg', old], ['new.jpg', recent]] as const) await sql.query('insert into report_photos (name, content_type, bytes, at) values ($1, $2, $3, $4)', [name, 'image/jpeg', Buffer.from(name), at]);

    // People: a session over and its end, a live session, a person changed twice, a token.
    const clock = new ManualClock(NOW - 13 * 3600_000);
    const store = await PeopleStore.open(sql, clock);
    const wang = await store.create({ login: 'wangfang', name: '王芳', roles: ['operator'], scope: null, passwordHash: 'x' });
    const over = await store.openSession(wang.id);
    await store.endSession(over.secret);
    clock.advance(2 * 3600_000);
    await store.update(wang.id, { name: '王芳（值班长）' }, false);
    const live = await store.openSession(wang.id);
    const { token } = await store.createToken(wang.id, 'cli');

    await history.prune(NOW);
    await history.prune(NOW); // a session's end goes once its session has
    const ids = (await sql.query<{ id: string }>('select id from alarms order by id')).map((r) => r.id);
    expect(ids).toEqual(['closed-lately', 'still-open']);
    expect((await sql.query<{ n: number }>(`select count(*)::int as n from alarm_transitions where alarm_id = 'closed-long-ago'`))[0]!.n).toBe(0);
    expect((await sql.query<{ at: number }>('select at from audit')).map((r) => Number(r.at))).toEqual([recent]);
    expect((await sql.query<{ name: string }>('select name from report_photos order by name')).map((r) => r.name)).toEqual(['kept.jpg', 'new.jpg']);
    const kinds = (await sql.query<{ t: string }>(`select record->>'t' as t from people_log order by seq`)).map((r) => r.t);
    expect(kinds).toEqual(['person', 'session', 'token']);
    expect(await metrics.historyPruned.get().then((m) => Object.fromEntries(m.values.map((v) => [v.labels.table, v.value])))).toMatchObject({ alarms: 1, audit: 1, report_photos: 1, people_log: 3 });

    // A process reading the log afresh knows what the one that wrote it knew.
    const fresh = await PeopleStore.open(sql, new ManualClock(NOW));
    expect(fresh.get(wang.id)!.name).toBe('王芳（值班长）');
    expect(fresh.session(live.secret)?.person.id).toBe(wang.id);
    expect(fresh.session(over.secret)).toBeNull();
    expect(fresh.token(token)?.id).toBe(wang.id);
    expect(sha256(live.secret)).toBe(live.session.hash);
  });
});
