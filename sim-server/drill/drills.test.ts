import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { builtinScenarios } from '../../scenarios/builtin';
import { createMetrics } from '../metrics';
import { DrillLog } from './drillLog';
import { Drills } from './drills';
import { buildReport } from './report';

const scenario = builtinScenarios()[0]!.scenario;

function journal(dir: string, drillId: string, createdAt: number, end: 'resolved' | null) {
  const log = new DrillLog(join(dir, `${drillId}.jsonl`));
  log.append({ t: 'created', simS: 0, drillId, scenario, seed: 1, epoch: 0, createdAt });
  log.append({ t: 'frame', simS: 1, players: [] });
  if (end) log.append({ t: 'end', simS: 2, outcome: end });
  // The players leave the debrief after the end: their departures come after it in the journal.
  for (let p = 1; p <= 30; p++) log.append({ t: 'connection', simS: 3, playerId: `p${p}`, connected: false });
  log.flush();
}

describe('the drills of a server', () => {
  it('lists past drills from their journals on disk, newest first, ended or interrupted (resuming while the start brings drills back), for their reports', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'drills-'));
    const dir = join(dataDir, 'drills');
    mkdirSync(dir);
    journal(dir, 'old-one', 1000, 'resolved');
    journal(dir, 'cut-short', 2000, null); // the server stopped mid-drill
    writeFileSync(join(dir, 'old-one-alarms.jsonl'), ''); // the drill's alarm journal is not a drill
    writeFileSync(join(dir, 'garbage.jsonl'), 'not json\n');
    const drills = new Drills({ index: bundledIndex(), rules: bundledRules(), mqttUrl: 'mqtt://unused', dataDir, maxDrills: 1, library: { scenario: async () => null }, metrics: createMetrics({ processMetrics: false }), log: () => {} });
    expect(drills.list()[0]).toMatchObject({ drillId: 'cut-short', status: 'resuming' });
    expect(drills.ready).toBe(false);
    await drills.resumeInterrupted(); // nothing it can bring back: no input was recorded
    expect(drills.ready).toBe(true);
    expect(drills.list()).toEqual([
      { drillId: 'cut-short', roomId: null, scenarioId: scenario.id, team: null, createdAt: expect.any(Number), trainer: null, status: 'interrupted', outcome: null },
      { drillId: 'old-one', roomId: null, scenarioId: scenario.id, team: null, createdAt: expect.any(Number), trainer: null, status: 'ended', outcome: 'resolved' },
    ]);
    expect(buildReport(DrillLog.read(drills.journalFile('old-one')!)!).outcome).toBe('resolved');
    expect(drills.journalFile('../../etc/passwd')).toBeNull();
  });
});
