// The scenario library over HTTP as the editor and a trainer's script use it: built-ins are read-only
// templates; a copy saved under a new id gets versions, keeps its comments and key order byte for byte,
// survives a restart, and a drill starts from it at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { setIn } from '../../scenarios/yamlEdit';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';

describe('scenario library API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'library-'));
  let twin: RunningTwin;
  afterAll(async () => { await twin?.stop(); });
  const call = (path: string, init: RequestInit & { token?: string | null; ifMatch?: string } = {}) => fetch(`${twin.httpUrl}${path}`, {
    ...init, headers: { 'content-type': 'application/yaml', ...(init.token !== null ? { authorization: `Bearer ${init.token ?? TRAINER_TOKEN}` } : {}), ...(init.ifMatch ? { 'if-match': init.ifMatch } : {}) },
  });
  const put = (id: string, yaml: string, opts: { token?: string | null; ifMatch?: string } = {}) => call(`api/scenarios/${id}`, { method: 'PUT', body: yaml, ...opts });

  it('saves a copy of a built-in as versions, refuses what it must with the right status, and starts a drill from it', async () => {
    twin = await startTestTwin({ DATA_DIR: dataDir });
    const list = await (await call('api/scenarios')).json() as { id: string; builtin: boolean; version: number }[];
    expect(list.find((s) => s.id === 'gas-leak-elderly-kitchen')).toMatchObject({ builtin: true, version: 0 });

    const template = await (await call('api/scenarios/gas-leak-elderly-kitchen')).json() as { id: string; version: number; yaml: string; builtin: boolean };
    expect(template).toMatchObject({ id: 'gas-leak-elderly-kitchen', version: 0, builtin: true });
    expect(template.yaml).toMatch(/^# A scenario file, annotated/);
    expect((await call('api/scenarios/nobody-wrote-this')).status).toBe(404);
    expect((await call('api/scenarios/nobody-wrote-this/versions')).status).toBe(404);

    // Built-ins are read-only; saving needs the trainer's token.
    expect((await put('gas-leak-elderly-kitchen', template.yaml)).status).toBe(409);
    const copy = template.yaml.replace('id: gas-leak-elderly-kitchen', 'id: my-gas-leak');
    expect((await put('my-gas-leak', copy, { token: null })).status).toBe(401);
    expect((await put('my-gas-leak', copy, { token: 'wrong' })).status).toBe(401);

    // Errors come with their path, line and column; nothing is saved.
    const broken = copy.replace('deviceIds: [gas-a1-301]', 'deviceIds: [gas-a1-999]');
    const bad = await put('my-gas-leak', broken);
    expect(bad.status).toBe(422);
    const badBody = await bad.json() as { error: string; errors: { path: string; line: number; column: number; message: string }[] };
    expect(badBody.errors[0]).toMatchObject({ path: 'hazards[0].deviceIds[0]', line: broken.split('\n').findIndex((l) => l.includes('gas-a1-999')) + 1 });
    expect(badBody.errors[0]!.message).toMatch(/gas-a1-999/);
    expect((await put('my-gas-leak', 'id: [unclosed')).status).toBe(422);
    expect((await put('other-id', copy)).status).toBe(422); // the file's id is not the address's
    expect((await call('api/scenarios/my-gas-leak')).status).toBe(404);

    const first = await put('my-gas-leak', copy);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id: 'my-gas-leak', version: 1 });
    expect((await (await call('api/scenarios/my-gas-leak')).json() as { yaml: string }).yaml).toBe(copy);

    // An edit as the editor makes it touches one field; comments and key order stay as they were.
    const edited = setIn(copy, ['end', 'failAfterS'], 2400);
    expect(edited.split('\n').filter((l, i) => l !== copy.split('\n')[i])).toEqual([expect.stringMatching(/^ {2}failAfterS: 2400 +# not resolved within the hour: failed$/)]);
    const second = await put('my-gas-leak', edited, { ifMatch: '1' });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ id: 'my-gas-leak', version: 2 });
    // Someone who opened version 1 cannot overwrite version 2 unknowingly.
    const stale = await put('my-gas-leak', copy, { ifMatch: '1' });
    expect(stale.status).toBe(409);
    expect((await stale.json() as { error: string }).error).toMatch(/at version 2 now, not 1/);
    const versions = await (await call('api/scenarios/my-gas-leak/versions')).json() as { version: number; bytes: number }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]!.bytes).toBe(Buffer.byteLength(copy));

    const drill = await call('api/drills', { method: 'POST', body: JSON.stringify({ scenarioId: 'my-gas-leak' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TRAINER_TOKEN}` } });
    expect(drill.status).toBe(201);
    expect(((await drill.json()) as { drillId: string }).drillId).toMatch(/^my-gas-leak-/);
  }, 120_000);

  it('keeps saved scenarios across a restart, and a drill starts from the latest version', async () => {
    await twin.stop();
    twin = await startTestTwin({ DATA_DIR: dataDir });
    const list = await (await call('api/scenarios')).json() as { id: string; builtin: boolean; version: number; failAfterS: number }[];
    expect(list.find((s) => s.id === 'my-gas-leak')).toMatchObject({ builtin: false, version: 2, failAfterS: 2400 });
    const drill = await call('api/drills', { method: 'POST', body: JSON.stringify({ scenarioId: 'my-gas-leak' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TRAINER_TOKEN}` } });
    expect(drill.status).toBe(201);
  }, 120_000);
});

describe('trying a draft scenario', () => {
  let twin: RunningTwin;
  afterAll(async () => { await twin?.stop(); });

  it('runs it headless in a worker and answers its report: timeline, alarms, KPIs and frames; a broken draft gets its errors', async () => {
    twin = await startTestTwin();
    const { yaml } = await (await fetch(`${twin.httpUrl}api/scenarios/gas-leak-elderly-kitchen`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as { yaml: string };
    const tryIt = (body: string, token: string | null = TRAINER_TOKEN) => fetch(`${twin.httpUrl}api/scenarios/try`, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await tryIt(yaml, null)).status).toBe(401);
    const res = await tryIt(yaml);
    expect(res.status).toBe(200);
    const r = await res.json() as { outcome: string; simulatedS: number; report: { kpis: { id: string; seconds: number | null }[]; timeline: unknown[]; replay: { frames: unknown[]; devices: { deviceId: string }[] } } };
    expect(r.outcome).toBe('resolved');
    expect(r.simulatedS).toBeGreaterThan(60);
    expect(r.report.timeline.length).toBeGreaterThan(3);
    expect(r.report.kpis.find((k) => k.id === 'acknowledge')?.seconds).not.toBeNull();
    expect(r.report.replay.frames.length).toBeGreaterThan(0);
    expect(r.report.replay.devices.some((d) => d.deviceId === 'gas-a1-301')).toBe(true);
    const broken = await tryIt(yaml.replace('model: gas_room', 'model: meteor'));
    expect(broken.status).toBe(422);
    expect(((await broken.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('hazards[0].model');
    // a file too deep to parse safely is refused before it is parsed, as the check refuses it
    const deep = await tryIt(`id: x\ntitle: ${'['.repeat(100)}${']'.repeat(100)}\n`);
    expect(deep.status).toBe(422);
    expect(((await deep.json()) as { error: string }).error).toBe('the file nests deeper than 64 levels');
  }, 120_000);
});
