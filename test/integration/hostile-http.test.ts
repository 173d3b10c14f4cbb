// Hostile HTTP, as the issues found it: deeply nested YAML and alias bombs at the validator, unbounded
// matchmaker bodies on any path Colyseus routes to its matchmaker, rooms made from outside, floods of
// anonymous POSTs. Each is refused with a reason (4xx, never 500), counted, and the live alarm path goes on.
import { matchMaker } from '@colyseus/core';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { HOSTILE } from '../helpers/hostileInputs';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe } from '../helpers/mqttProbe';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';
import { addPerson } from '../helpers/people';

const validate = (twin: RunningTwin, body: string, token: string | null = TRAINER_TOKEN) => fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
const refused = async (twin: RunningTwin, reason: string) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_http_refused_total', { reason }) ?? 0;

describe('hostile HTTP', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin(); });
  afterAll(async () => { await twin?.stop(); });

  it('four 220 KB nested files at once are refused with a reason while a gas alarm still goes out', async () => {
    const probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/cap']);
    const hostile = [HOSTILE.flowNesting, HOSTILE.blockNesting, HOSTILE.flowNesting, HOSTILE.aliasBomb].map((text) => validate(twin, text));
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 40 } }));
    await probe.waitFor((m) => m.payload.includes('<msgType>Alert</msgType>'), 10_000, 'the CAP Alert');
    const answers = await Promise.all(hostile);
    expect(answers.map((r) => r.status)).toEqual([422, 422, 422, 422]);
    const reasons = await Promise.all(answers.map(async (r) => (await r.json()).error as string));
    expect(reasons[0]).toMatch(/nests deeper than 64 levels/);
    expect(reasons[3]).toMatch(/alias/);
    expect(await refused(twin, 'too_heavy')).toBe(4);
    expect((await fetch(`${twin.httpUrl}api/health`)).status).toBe(200);
    await probe.close();
  });

  it('a file over 256 KiB is refused with 413; a good one is still checked', async () => {
    const big = await validate(twin, 'x'.repeat(300 * 1024));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toBe('a scenario file is at most 256 KiB');
    const good = await validate(twin, 'id: x\n');
    expect(good.status).toBe(200);
    expect((await good.json()).ok).toBe(false);
  });

  /** A POST with a chunked body that never says how long it is (the attack sent one without end). */
  const chunkedPost = (path: string) => new Promise<{ status: number; body: string }>((resolve) => {
    const req = request(`${twin.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += String(d); });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.write('{"role":"observer","pad":"');
    req.end('"}');
  });

  it('a matchmaker body without a length, or over 8 KiB, is refused before Colyseus reads it, on every path Colyseus would take', async () => {
    const chunked = await chunkedPost('matchmake/join/live');
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toMatch(/Content-Length of at most 8192 bytes/);
    const big = await fetch(`${twin.httpUrl}matchmake/join/live`, { method: 'POST', body: JSON.stringify({ role: 'observer', pad: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);
    // Colyseus routes any URL containing "/matchmake" to its matchmaker: each of these is refused before it reads a byte.
    for (const path of ['x/matchmake/create/live', 'a/b/matchmake/join/live', 'api/alarms?/matchmake/create/live', 'matchmake/join/live?x=1']) {
      const r = await chunkedPost(path);
      expect(r.status, path).toBe(404);
      expect(JSON.parse(r.body).error).toMatch(/^not found/);
    }
    expect(await refused(twin, 'not_found')).toBe(4);
  });

  it('rooms belong to the server: no client creates a live room or a second room for a drill', async () => {
    const rooms = async () => (await matchMaker.query({})).length;
    const before = await rooms();
    const created = await Promise.all(Array.from({ length: 25 }, () => fetch(`${twin.httpUrl}matchmake/create/live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })));
    expect(created.map((r) => r.status)).toEqual(Array(25).fill(403));
    expect((await created[0]!.json()).error).toMatch(/rooms are created by the server/);
    expect((await fetch(`${twin.httpUrl}matchmake/joinOrCreate/live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    const drill = await (await fetch(`${twin.httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen' }) })).json() as { drillId: string };
    const drillRooms = await rooms();
    expect(drillRooms).toBe(before + 1);
    // Even past the HTTP guard (the matchmaker called in this process), a room refuses to be made without the server's key.
    await expect(matchMaker.createRoom('drill', { drillId: drill.drillId })).rejects.toThrow(/rooms are created by the server/);
    await expect(matchMaker.createRoom('live', {})).rejects.toThrow(/rooms are created by the server/);
    expect(await rooms()).toBe(drillRooms);
    expect(await refused(twin, 'server_rooms')).toBe(26);
  });

  it('anonymous POSTs from one address are rate-limited (429, counted); staff are not', async () => {
    const trainer = await addPerson(twin.httpUrl, ['trainer']);
    const before = await refused(twin, 'rate_limited');
    const statuses = await Promise.all(Array.from({ length: 40 }, () => validate(twin, 'id: x\n', null).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    expect(await refused(twin, 'rate_limited')).toBe(before + statuses.filter((s) => s === 429).length);
    expect((await validate(twin, 'id: x\n')).status).toBe(200);
    expect((await validate(twin, 'id: x\n', trainer.token)).status).toBe(200);
  });
});
