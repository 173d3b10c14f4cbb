import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { builtinScenarios } from '../../scenarios/builtin';
import { Incident, STEP_MS, type IncidentEffect, type IncidentInput } from './incident';

const gas = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
const T = { kind: 'control', by: '教官 (trainer)', role: 'trainer' } as const;
const perS = 1000 / STEP_MS;

async function incident(seed = 1) {
  const { incident, effects } = await Incident.create({ drillId: 'unit', scenario: gas, seed, createdAt: 0, index: bundledIndex(), rules: bundledRules() });
  const all: IncidentEffect[] = [...effects];
  const feed = (input: IncidentInput) => { const r = incident.step(input); all.push(...r.effects); return r; };
  const seconds = (s: number) => { for (let i = 0; i < s * perS; i++) feed({ kind: 'tick' }); };
  return { incident, all, feed, seconds };
}
const records = (effects: IncidentEffect[]) => effects.flatMap((e) => (e.kind === 'record' ? [e.record] : []));

describe('the incident kernel', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('is deterministic and reads no clock: the same inputs at another wall-clock time give the same effects', async () => {
    const script = async () => {
      const k = await incident(3);
      const worker = k.feed({ kind: 'join', role: 'grid_worker', name: '刘芳' }).outcome;
      k.feed({ ...T, control: { cmd: 'start' } });
      k.feed({ kind: 'move', playerId: (worker as { playerId: string }).playerId, ...k.incident.site });
      k.seconds(800);
      k.incident.free();
      return JSON.stringify(k.all);
    };
    const first = await script();
    vi.useFakeTimers({ now: new Date('2031-05-01T03:00:00Z'), toFake: ['Date', 'performance'] });
    expect(await script()).toBe(first);
  });

  it('time moves only while the drill runs; a tick before the start is refused', async () => {
    const k = await incident();
    expect(k.feed({ kind: 'tick' }).outcome).toMatchObject({ ok: false, reason: { en: 'the drill has not started yet' } });
    expect(k.incident.ticks).toBe(0);
    k.feed({ ...T, control: { cmd: 'start' } });
    k.seconds(2);
    expect(k.incident.simS).toBe(2);
    k.feed({ ...T, control: { cmd: 'pause' } });
    expect(k.feed({ kind: 'tick' }).outcome.ok).toBe(false);
    expect(k.incident.simS).toBe(2);
    k.incident.free();
  });

  it('records every input but a tick first, with the tick it came at', async () => {
    const k = await incident();
    k.feed({ ...T, control: { cmd: 'start' } });
    k.seconds(1);
    const r = k.feed({ kind: 'say', by: '教官 (trainer)', to: 'all', text: '注意安全' });
    expect(records(r.effects)[0]).toEqual({ t: 'input', step: perS, input: { kind: 'say', by: '教官 (trainer)', to: 'all', text: '注意安全' } });
    expect(r.effects).toContainEqual({ kind: 'notice', to: 'all', from: '教官 (trainer)', text: '注意安全' });
    expect(records(k.all).filter((x) => x.t === 'input').map((x) => x.t === 'input' && x.input.kind)).toEqual(['control', 'say']);
    k.incident.free();
  });

  it('makes the detector\'s readings in the step, stamped with simulated time: published for observers and taken by the alarm engine', async () => {
    const k = await incident();
    k.feed({ ...T, control: { cmd: 'start' } });
    k.seconds(900);
    const published = k.all.filter((e): e is Extract<IncidentEffect, { kind: 'publish' }> => e.kind === 'publish' && e.topic === 'drill/unit/jinhe/dev/gas-a1-301/telemetry');
    expect(published.length).toBeGreaterThan(80);
    const ts = published.map((p) => (JSON.parse(p.payload) as { ts: number }).ts);
    expect(ts.every((t) => (t - k.incident.epoch) % 10_000 === 0)).toBe(true); // every 10 simulated seconds, on the second
    const raised = records(k.all).find((r): r is Extract<typeof r, { t: 'alarm' }> => r.t === 'alarm' && r.type === 'raised')!;
    expect(raised).toMatchObject({ deviceId: 'gas-a1-301', kind: 'gas_leak' });
    const alarm = k.incident.core.openAlarms()[0]!;
    expect(alarm.raisedAt).toBe(k.incident.epoch + raised.simS * 1000);
    expect(alarm.exercise).toBe(true);
    k.incident.free();
  });

  it('a player who comes back with the same role and name gets the same seat; a refusal is recorded with its reason', async () => {
    const k = await incident();
    const first = k.feed({ kind: 'join', role: 'medic', name: '陈医生' }).outcome as { playerId: string };
    k.feed({ kind: 'connection', playerId: first.playerId, connected: false });
    expect((k.feed({ kind: 'join', role: 'medic', name: '陈医生' }).outcome as { playerId: string }).playerId).toBe(first.playerId);
    k.feed({ ...T, control: { cmd: 'start' } });
    const refused = k.feed({ kind: 'act', playerId: first.playerId, action: 'shut_valve' });
    expect(refused.outcome).toMatchObject({ ok: false, reason: { en: 'a medic cannot shut valve; that is for: grid_worker, firefighter' } });
    expect(records(refused.effects)).toContainEqual(expect.objectContaining({ t: 'action', action: 'shut_valve', ok: false }));
    k.incident.free();
  });

  it('a device message on the drill\'s tree is decoded as a live one; another drill\'s is refused', async () => {
    const k = await incident();
    k.feed({ ...T, control: { cmd: 'start' } });
    const payload64 = Buffer.from(JSON.stringify({ seq: 1, readings: { gas_lel: 35 } })).toString('base64');
    expect(k.feed({ kind: 'device', topic: 'drill/other/jinhe/dev/gas-a2-502/telemetry', payload64 }).outcome.ok).toBe(false);
    expect(k.feed({ kind: 'device', topic: 'drill/unit/jinhe/dev/gas-a2-502/telemetry', payload64 }).outcome.ok).toBe(true);
    expect(k.feed({ kind: 'device', topic: 'drill/unit/jinhe/dev/gas-a2-502/telemetry', payload64 }).outcome).toMatchObject({ ok: false, reason: { en: 'duplicate reading' } });
    k.seconds(30);
    expect(k.incident.core.openAlarms().some((a) => a.deviceId === 'gas-a2-502')).toBe(true);
    k.incident.free();
  });

  it('the scenario\'s end (here its time running out) opens the debrief, where nothing more is done', async () => {
    const k = await incident();
    const c = k.feed({ kind: 'join', role: 'commander', name: '张指挥' }).outcome as { playerId: string };
    k.feed({ ...T, control: { cmd: 'start' } });
    k.seconds(3600);
    expect(k.incident.status).toBe('debrief');
    expect(k.incident.outcome).toBe('failed');
    expect(records(k.all).at(-1)).toMatchObject({ t: 'end', outcome: 'failed' });
    expect(k.feed({ kind: 'act', playerId: c.playerId, action: 'call_119' }).outcome).toMatchObject({ ok: false, reason: { en: 'the drill has ended' } });
    k.feed({ ...T, control: { cmd: 'end' } });
    expect(k.incident.status).toBe('ended');
    k.incident.free();
  });
});
