// The alarm KPIs over HTTP, from the history database: a DATA_DIR whose live journal holds a known history
// (test/helpers/alarmHistory.ts) is brought into the database at start, and the database's figures must be the
// hand-worked ones — on PostgreSQL and on the embedded PGlite alike.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { EXPECTED, FROM, TO, writeKnownJournal } from '../helpers/alarmHistory';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

const AS_OPERATOR_HTTP = { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } };

describe.each([['PostgreSQL', null], ['PGlite', '']])('GET /api/kpis/alarms (%s)', (_name, databaseUrl) => {
  let twin: RunningTwin;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twin-kpis-'));
    writeKnownJournal(dataDir);
    twin = await startTestTwin({ DATA_DIR: dataDir, ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }) });
  });
  afterAll(async () => { await twin?.stop(); });

  it('gives the figures of the known history, by ISO times and by epoch ms alike', async () => {
    const iso = (t: number) => new Date(t).toISOString();
    for (const query of [`from=${FROM}&to=${TO}`, `from=${encodeURIComponent(iso(FROM))}&to=${encodeURIComponent(iso(TO))}`]) {
      const res = await fetch(`${twin.httpUrl}api/kpis/alarms?${query}`, AS_OPERATOR_HTTP);
      expect(res.status).toBe(200);
      const k = await res.json();
      expect(k).toMatchObject({ from: FROM, to: TO, raised: EXPECTED.raised, floodPct: EXPECTED.floodPct, maxPer10Min: EXPECTED.maxPer10Min, averagePer10Min: EXPECTED.averagePer10Min });
      expect(k.standing.map((a: { id: string }) => a.id)).toEqual(EXPECTED.standing);
      expect(k.stale.map((a: { id: string }) => a.id)).toEqual(EXPECTED.stale);
      expect(k.chattering).toEqual(EXPECTED.chattering);
      expect(k.ackTime.IV).toEqual(EXPECTED.ackIV);
      expect(k.topSources[0]).toMatchObject(EXPECTED.top);
      expect(k.historyFrom).toBe(TO - 30 * 3600_000);
    }
  });

  it('refuses a window it cannot use, with the reason', async () => {
    for (const [query, reason] of [['from=yesterday', /ISO 8601/], [`from=${TO}&to=${FROM}`, /before/], [`from=0&to=${TO}`, /400 days/]] as const) {
      const res = await fetch(`${twin.httpUrl}api/kpis/alarms?${query}`, AS_OPERATOR_HTTP);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(reason);
    }
  });
});
