// One kernel, one story: for random scenarios, seeds and scripts of what the trainer and the players
// do, a drill played through real Colyseus clients (its readings through the real alarm engine) and a
// headless run of the inputs its journal recorded write byte-identical journals.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { ACTIONS } from '../../scenarios/schema';
import type { DrillRecord } from '../../sim-server/drill/drillLog';
import { replayInputs } from '../../sim-server/drill/replayInputs';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill, fastForward, joinDrill, type DrillClient } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

const ROLES = ['commander', 'grid_worker', 'firefighter', 'medic'] as const;
type Step =
  | { kind: 'wait'; s: number }
  | { kind: 'act'; who: number; action: string }
  | { kind: 'move'; who: number; x: number; y: number }
  | { kind: 'goto_incident'; who: number }
  | { kind: 'speed'; speed: number }
  | { kind: 'pause' }
  | { kind: 'skip' }
  | { kind: 'inject'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), s: fc.integer({ min: 1, max: 240 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('act' as const), who: fc.integer({ min: 0, max: 3 }), action: fc.constantFrom(...ACTIONS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), who: fc.integer({ min: 0, max: 3 }), x: fc.integer({ min: -250, max: 250 }), y: fc.integer({ min: -250, max: 250 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('goto_incident' as const), who: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('speed' as const), speed: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('skip' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('inject' as const), which: fc.nat() }) },
);

describe('a drill and the headless replay of its inputs', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin({ MAX_DRILLS: '50' }); });
  afterAll(async () => { await twin?.stop(); });

  it('write byte-identical journals, for random scenarios, seeds and scripts', async () => {
    const scenarios = builtinScenarios().map((s) => s.scenario);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...scenarios.map((s) => s.id)), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(step, { minLength: 3, maxLength: 14 }), async (scenarioId, seed, script) => {
      const scenario = scenarios.find((s) => s.id === scenarioId)!;
      const { drillId, roomId } = await createDrill(twin.httpUrl, scenarioId, seed);
      const session = twin.drills.get(drillId)!;
      const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '教官' });
      const players: DrillClient[] = [];
      for (const role of ROLES) players.push(await joinDrill(twin.httpUrl, roomId, { role, name: `${role}-1` }));
      await trainer.ask('control', { cmd: 'start' });
      const site = session.incident.site;
      for (const s of script) {
        if (session.status !== 'running') break;
        if (s.kind === 'wait') await fastForward(session, s.s).catch(() => { /* the scenario ended on the way */ });
        else if (s.kind === 'act') await players[s.who]!.ask('act', { action: s.action, ...(s.action === 'report_hazard' ? { text: '楼道堆放杂物' } : {}) });
        else if (s.kind === 'move') await players[s.who]!.ask('move', { x: s.x, y: s.y });
        else if (s.kind === 'goto_incident') await players[s.who]!.ask('move', site);
        else if (s.kind === 'speed') await trainer.ask('control', { cmd: 'speed', speed: s.speed });
        else if (s.kind === 'skip') await trainer.ask('control', { cmd: 'skip' });
        else if (s.kind === 'pause') { await trainer.ask('control', { cmd: 'pause' }); await trainer.ask('control', { cmd: 'resume' }); }
        else if (scenario.injects.length) await trainer.ask('inject', { id: scenario.injects[s.which % scenario.injects.length]!.id });
      }
      // The trainer ends it, closes the debrief, and everyone leaves: the room goes, and the journal is whole.
      await trainer.ask('control', { cmd: 'end' });
      await trainer.ask('control', { cmd: 'end' });
      for (const c of [trainer, ...players]) await c.room.leave();
      await until(() => twin.drills.get(drillId) === undefined, 30_000, 'the drill room to go');

      const journal = readFileSync(session.file, 'utf8');
      const records = journal.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DrillRecord);
      expect(records.filter((r) => r.t === 'input').length).toBeGreaterThan(5);
      const created = records[0] as Extract<DrillRecord, { t: 'created' }>;
      let replayed = '';
      const incident = await replayInputs({ ...created, index: twin.pipeline.index, rules: twin.loaded.rules }, records, (effects) => {
        for (const e of effects) if (e.kind === 'record') replayed += `${JSON.stringify(e.record)}\n`;
      });
      incident.free();
      expect(replayed.length).toBe(journal.length);
      expect(replayed).toBe(journal);
    }), { numRuns: 6 });
  }, 600_000);
});
