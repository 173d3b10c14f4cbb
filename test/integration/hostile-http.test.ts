// Hostile HTTP, as the issue found it: deeply nested YAML and alias bombs at the validator, unbounded
// matchmaker bodies, floods of anonymous POSTs. Each is refused with a reason (413/422/429, never 500),
// counted, and the live alarm path goes on meanwhile.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { HOSTILE } from '../helpers/hostileInputs';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

const validate = (twin: RunningTwin, body: string) => fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', body });
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

  it('a matchmaker body without a length, or over 8 KiB, is refused before Colyseus reads it', async () => {
    const chunked = await new Promise<{ status: number; body: string }>((resolve) => {
      const req = request(`${twin.httpUrl}matchmake/joinOrCreate/live`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (d) => { body += String(d); });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.write('{"role":"observer","pad":"');
      req.end('"}');
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toMatch(/Content-Length of at most 8192 bytes/);
    const big = await fetch(`${twin.httpUrl}matchmake/joinOrCreate/live`, { method: 'POST', body: JSON.stringify({ role: 'observer', pad: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);
    const join = await fetch(`${twin.httpUrl}matchmake/joinOrCreate/live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'observer', name: 'x' }) });
    expect((await join.json()).room?.name).toBe('live');
  });

  it('anonymous POSTs from one address are rate-limited (429, counted); a staff token is not', async () => {
    const before = await refused(twin, 'rate_limited');
    const statuses = await Promise.all(Array.from({ length: 40 }, () => validate(twin, 'id: x\n').then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.filter((s) => s === 500)).toEqual([]);
    expect(await refused(twin, 'rate_limited')).toBe(before + statuses.filter((s) => s === 429).length);
    const staff = await fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', headers: { authorization: 'Bearer trainer-test-token' }, body: 'id: x\n' });
    expect(staff.status).toBe(200);
  });
});
