// A DATA_DIR written by the version before the history database (test/fixtures/datadir-before-history, made
// by that version) starts on this one with everything in it: the journal, its archive and its v1 snapshot in
// the history, on PostgreSQL and on the embedded PGlite; people, sessions, tokens and the audit log as they were;
// saved scenarios and residents' photos (files in DATA_DIR before the database kept them, written here in that
// version's layout) in the database.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { historyCounts } from '../../sim-server/history/importJournals';
import { startTestTwin } from '../helpers/twin';
import { ManualClock } from '../../sim-server/clock';
import { builtinScenarios, BUILTIN_DIR } from '../../scenarios/builtin';

/** The layout of the version before: DATA_DIR/scenarios/<id>/<version>.yaml beside its checked .json; photos in DATA_DIR/reports/. */
const template = builtinScenarios().find((b) => b.scenario.id === 'gas-leak-elderly-kitchen')!;
const SAVED_YAML = readFileSync(BUILTIN_DIR + template.file, 'utf8').replace('id: gas-leak-elderly-kitchen', 'id: old-gas-drill');
const PHOTO = readFileSync(fileURLToPath(new URL('../fixtures/photos/photo-1600x1200.jpg', import.meta.url)));
const PHOTO_NAME = '0b6f4a52-2f1e-4f7e-9d55-6c1f2a3b4c5d.jpg';
function writeOldFiles(dataDir: string): void {
  mkdirSync(join(dataDir, 'scenarios', 'old-gas-drill'), { recursive: true });
  writeFileSync(join(dataDir, 'scenarios', 'old-gas-drill', '1.json'), JSON.stringify({ ...template.scenario, id: 'old-gas-drill' }));
  writeFileSync(join(dataDir, 'scenarios', 'old-gas-drill', '1.yaml'), SAVED_YAML);
  mkdirSync(join(dataDir, 'reports'));
  writeFileSync(join(dataDir, 'reports', PHOTO_NAME), PHOTO);
}

const FIXTURE = fileURLToPath(new URL('../fixtures/datadir-before-history/', import.meta.url));
const TOKEN = readFileSync(join(FIXTURE, 'limin.token'), 'utf8').trim();
const FROM = Date.UTC(2026, 10, 20);
const TO = Date.UTC(2026, 10, 21);

describe.each([['PostgreSQL', null], ['PGlite', '']])('a DATA_DIR from before the history database, on %s', (_name, databaseUrl) => {
  let twin: RunningTwin;
  beforeAll(async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'upgrade-')), 'data');
    cpSync(join(FIXTURE, 'datadir'), dataDir, { recursive: true });
    writeOldFiles(dataDir);
    twin = await startTestTwin({ DATA_DIR: dataDir, ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }), ADMIN_PASSWORD: 'admin-fixture-password' },
      // The fixture's own time: a month later every device would (rightly) be reported offline.
      { clock: new ManualClock(Date.UTC(2026, 10, 20, 2, 30)), tickMs: 3_600_000 });
  });
  afterAll(async () => { await twin?.stop(); });

  it('has every alarm, transition, task and service note the old journal, archive and snapshot held', async () => {
    expect(await historyCounts(twin.history.sql)).toEqual({ alarms: 5, transitions: 8, tasks: 12, reports: 0, serviceNotes: 1 });
    const res = await fetch(`${twin.httpUrl}api/history/alarms?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const { alarms } = await res.json() as { alarms: { deviceId: string; state: string; transitions: { to: string; by: string | null; byId?: string }[] }[] };
    // The first gas alarm closed before the journal was archived: it is only in archive/.
    const archived = alarms.find((a) => a.deviceId === 'gas-a2-502')!;
    expect(archived.state).toBe('closed');
    expect(archived.transitions.map((t) => [t.to, t.by])).toEqual([['active_unacked', null], ['active_acked', '李敏'], ['closed', null]]);
    expect(archived.transitions[1]!.byId).toMatch(/^[0-9a-f-]{36}$/);
    const [service] = await twin.history.sql.query<{ reason: string; by: string }>('select reason, by from service_notes');
    expect(service).toEqual({ reason: '线路检修', by: '李敏' });
  });

  it('still knows its people: the admin logs in with the same password and 李敏\'s token still works', async () => {
    const origin = twin.httpUrl.slice(0, -1);
    expect((await fetch(`${twin.httpUrl}api/session`, { method: 'POST', headers: { origin }, body: JSON.stringify({ login: 'admin', password: 'admin-fixture-password' }) })).status).toBe(200);
    const me = await fetch(`${twin.httpUrl}api/session`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await me.json()).name).toBe('李敏');
    // Its audit log too: the fixture's own logins, with today's.
    const audit = await fetch(`${twin.httpUrl}api/audit?from=${FROM - 86_400_000}&to=${Date.UTC(2026, 10, 21)}&login=admin`, { headers: { cookie: (await (await fetch(`${twin.httpUrl}api/session`, { method: 'POST', headers: { origin }, body: JSON.stringify({ login: 'admin', password: 'admin-fixture-password' }) })).headers.get('set-cookie'))!.split(';')[0]! } });
    const { entries } = await audit.json() as { entries: { at: number; action: string }[] };
    expect(entries.filter((e) => e.at === 1795136400000).map((e) => e.action)).toContain('session.login');
    // The open alarms came back from the old snapshot and journal as before.
    expect(twin.pipeline.core.openAlarms().map((a) => a.deviceId).sort()).toEqual(['gas-a1-301', 'gas-b1-201', 'smk-a1-602', 'smk-a3-101']);
  });

  it('has the saved scenario and the residents\' photo that were files, in the database', async () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const saved = await fetch(`${twin.httpUrl}api/scenarios/old-gas-drill`, { headers: bearer });
    expect(await saved.json()).toEqual({ id: 'old-gas-drill', version: 1, yaml: SAVED_YAML, builtin: false });
    const [photo] = await twin.history.sql.query<{ content_type: string; bytes: Uint8Array }>('select content_type, bytes from report_photos where name = $1', [PHOTO_NAME]);
    expect(photo!.content_type).toBe('image/jpeg');
    expect(Buffer.from(photo!.bytes).equals(PHOTO)).toBe(true);
  });
});
