// `npm run record` captures live traffic; `npm run replay` plays it back into the twin, or onto a
// drill's topic root so that a real incident becomes a drill.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill } from '../helpers/drillClient';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { spawnScript } from '../helpers/serverProcess';
import { AS_OPERATOR, AS_TRAINER, startTestTwin } from '../helpers/twin';
import { addPerson, mqttLogin } from '../helpers/people';

const cli = (script: string, args: string[]) => spawnScript(script, args);
/** The broker URL with a login: the embedded broker lets only the operator and trainer read device traffic or feed a drill. */
const withLogin = (url: string, user: { username: string; password: string }) => url.replace('mqtt://', `mqtt://${user.username}:${user.password}@`);

describe('record and replay', () => {
  let source: RunningTwin;
  let target: RunningTwin;
  const file = join(mkdtempSync(join(tmpdir(), 'rec-')), 'incident.jsonl');
  beforeAll(async () => { source = await startTestTwin(); target = await startTestTwin(); });
  afterAll(async () => { await source?.stop(); await target?.stop(); });

  it('records an incident as it happens', async () => {
    const rec = cli('bridge/recordCli.ts', ['--broker', withLogin(source.mqttUrl, AS_OPERATOR), '--district', 'jinhe', '--out', file]);
    await until(() => rec.out.stdout.includes('Recording'), 10_000, 'the recorder');
    const device = await MqttProbe.connect(source.mqttUrl);
    // An incident at its own pace: each reading taken by the twin, and at least 100 ms before the next
    // (the spacing is what the recording must keep; a busy machine only spreads it more).
    for (const lel of [1, 8, 22, 41]) {
      const sentAt = Date.now();
      await device.publish('twin/jinhe/dev/gas-a2-502/telemetry', JSON.stringify({ seq: lel, readings: { gas_lel: lel } }));
      await until(() => source.pipeline.core.devices.get('gas-a2-502')?.readings.gas_lel === lel && Date.now() - sentAt >= 100, 30_000, `reading ${lel} taken`);
    }
    await device.close();
    await until(() => source.pipeline.core.openAlarms().length === 1, 30_000, 'the live alarm');
    rec.child.kill('SIGINT');
    expect(await rec.exit).toBe(0);
    expect(rec.out.stdout).toMatch(/recorded 4 messages/);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => JSON.parse(l.payload).readings.gas_lel)).toEqual([1, 8, 22, 41]);
    expect(lines[3].t).toBeGreaterThanOrEqual(250);
  });

  it('replays it into another twin at full speed, with the same outcome', async () => {
    const r = cli('bridge/replayCli.ts', [file, '--broker', target.mqttUrl, '--speed', 'max']);
    expect(await r.exit).toBe(0);
    expect(r.out.stdout).toMatch(/replayed 4 messages/);
    await until(() => target.pipeline.core.openAlarms().length === 1, 30_000, 'the replayed alarm');
    const [a] = target.pipeline.core.openAlarms();
    const [b] = source.pipeline.core.openAlarms();
    expect({ kind: a!.kind, level: a!.level, reading: a!.reading }).toEqual({ kind: b!.kind, level: b!.level, reading: b!.reading });
  });

  it('replays it as a drill: on the drill root, never on the live one, and the drill takes it in as inputs', async () => {
    const { drillId } = await createDrill(target.httpUrl, 'gas-leak-elderly-kitchen');
    const session = target.drills.get(drillId)!;
    expect(session.control('test (trainer)', { cmd: 'start' })).toMatchObject({ ok: true });
    // Reading drills and the live devices at once: an administrator's login.
    const probe = await MqttProbe.connect(target.mqttUrl, ['drill/#', 'twin/jinhe/dev/#'], mqttLogin(await addPerson(target.httpUrl, ['admin'])));
    const r = cli('bridge/replayCli.ts', [file, '--broker', withLogin(target.mqttUrl, AS_TRAINER), '--speed', '10', '--drill', drillId, '--twin', target.httpUrl]);
    expect(await r.exit).toBe(0);
    const replayed = () => probe.messages.filter((m) => m.topic.endsWith('/gas-a2-502/telemetry'));
    await until(() => replayed().length === 4, 30_000, 'four drill messages');
    expect(replayed().every((m) => m.topic === `drill/${drillId}/jinhe/dev/gas-a2-502/telemetry`)).toBe(true);
    // The drill's alarm engine has the replayed gas: an exercise alarm at that detector, and each message is a recorded input.
    await until(() => session.incident.core.openAlarms().some((a) => a.deviceId === 'gas-a2-502'), 10_000, 'the drill alarm from the replay');
    expect(session.incident.core.openAlarms().find((a) => a.deviceId === 'gas-a2-502')!.exercise).toBe(true);
    session.advance(0);
    const inputs = readFileSync(session.file, 'utf8').split('\n').filter((l) => l.includes('"kind":"device"'));
    expect(inputs).toHaveLength(4);
    expect(target.pipeline.core.openAlarms().filter((a) => a.exercise)).toEqual([]);
    await probe.close();
  });

  it('checks the drill and the login before replaying into a drill', async () => {
    const { drillId } = await createDrill(target.httpUrl, 'gas-leak-elderly-kitchen');
    const noDrill = cli('bridge/replayCli.ts', [file, '--broker', withLogin(target.mqttUrl, AS_TRAINER), '--drill', 'no-such-drill', '--twin', target.httpUrl]);
    expect(await noDrill.exit).toBe(1);
    expect(noDrill.out.stderr.trim()).toBe(`replay: no drill "no-such-drill" is held by the twin at ${target.httpUrl}: GET /api/drills lists them`);
    const anonymous = cli('bridge/replayCli.ts', [file, '--broker', target.mqttUrl, '--drill', drillId, '--twin', target.httpUrl]);
    expect(await anonymous.exit).toBe(1);
    expect(anonymous.out.stderr.trim()).toMatch(/^replay: feeding a drill needs the trainer's login/);
    const noBroker = cli('bridge/replayCli.ts', [file]);
    expect(await noBroker.exit).toBe(1);
    expect(noBroker.out.stderr.trim()).toMatch(/^replay: give the broker: --broker mqtt:\/\/host:port/);
  });

  it('refuses a bad speed or a missing file with one line', async () => {
    const a = cli('bridge/replayCli.ts', [file, '--broker', target.mqttUrl, '--speed', 'fast']);
    expect(await a.exit).toBe(1);
    expect(a.out.stderr.trim()).toBe('replay: --speed is a factor above 0, or "max", not "fast"');
    const b = cli('bridge/replayCli.ts', ['/nonexistent.jsonl', '--broker', target.mqttUrl]);
    expect(await b.exit).toBe(1);
    expect(b.out.stderr.trim()).toMatch(/^replay: \/nonexistent\.jsonl: ENOENT/);
  });
});
