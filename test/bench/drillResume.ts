// How long a long drill takes to come back after a restart. A two-hour drill is played into the kernel as
// a room would feed it (a trainer and four responders, moves, actions, messages, injects, pauses and speed
// changes), its journal and its kernel snapshots (one a simulated minute) written as DrillSession writes them;
// then the server's path back is timed twice: from the last snapshot and the inputs after it (what a restart
// does), and with no snapshot, every input replayed. Each includes reading the journal, connecting the session
// to the broker and announcing its open alarms again.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinScenarios } from '../../scenarios/builtin';
import { DrillLog } from '../../sim-server/drill/drillLog';
import { DrillSession, SNAPSHOT_EVERY_S } from '../../sim-server/drill/drillSession';
import { snapshotFileOf, writeSnapshot } from '../../sim-server/drill/kernelSnapshot';
import { Incident, STEPS_PER_S, type IncidentInput } from '../../sim-server/drill/incident';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { Role } from '../../twin-assets/protocol';

export async function benchDrillResume(index: DistrictIndex, rules: RuleSet, mqttUrl: string, simulatedS = 2 * 3600) {
  const base = builtinScenarios().find((s) => s.scenario.id === 'kitchen-fire-old-courtyard')!.scenario;
  // Nobody puts it out and it does not time out: the drill is still running at the two-hour mark.
  const scenario = { ...base, end: { ...base.end, failAfterS: 24 * 3600 } };
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-drill-resume-'));
  mkdirSync(join(dataDir, 'drills'), { recursive: true });
  const drillId = 'bench-two-hours';
  const log = new DrillLog(join(dataDir, 'drills', `${drillId}.jsonl`));
  const t0 = performance.now();
  const { incident, effects } = await Incident.create({ drillId, scenario, seed: 1, createdAt: Date.now(), index, rules });
  const keep = (es: typeof effects) => { for (const e of es) if (e.kind === 'record') log.append(e.record); };
  keep(effects);
  let inputs = 0;
  const feed = (input: IncidentInput) => { const r = incident.step(input); if (input.kind !== 'tick') inputs++; keep(r.effects); return r.outcome; };
  const roles: Role[] = ['commander', 'grid_worker', 'firefighter', 'medic'];
  const players = roles.map((role) => (feed({ kind: 'join', role, name: `bench ${role}` }) as { playerId: string }).playerId);
  feed({ kind: 'join', role: 'trainer', name: 'bench trainer' });
  feed({ kind: 'control', by: 'bench trainer', role: 'trainer', control: { cmd: 'start' } });
  const site = incident.site;
  const snapshotMs: number[] = [];
  let snapshotBytes = 0;
  while (incident.simS < simulatedS && incident.status !== 'debrief' && incident.status !== 'ended') {
    if (incident.status === 'running') feed({ kind: 'tick' });
    const s = incident.simS, onSecond = incident.ticks % STEPS_PER_S === 0;
    if (!onSecond) continue;
    if (s % 20 === 0) players.forEach((id, i) => feed({ kind: 'move', playerId: id, x: site.x + ((s / 20 + i) % 5) * 8 - 16, y: site.y + 12 }));
    if (s % 60 === 30) feed({ kind: 'say', by: 'bench trainer', to: 'all', text: `第${s / 60}分钟：报告现场情况` });
    if (s % 300 === 150) feed({ kind: 'act', playerId: players[0]!, action: 'phone_resident' });
    if (s % 900 === 450) { feed({ kind: 'control', by: 'bench trainer', role: 'trainer', control: { cmd: 'pause' } }); feed({ kind: 'control', by: 'bench trainer', role: 'trainer', control: { cmd: 'resume' } }); }
    if (s % 1800 === 900) feed({ kind: 'control', by: 'bench trainer', role: 'trainer', control: { cmd: 'speed', speed: s % 3600 === 900 ? 5 : 1 } });
    log.flush();
    // At 1 s past each minute: the last, at 7141 s, leaves 59 s of inputs to replay (the most a resume meets).
    if (s % SNAPSHOT_EVERY_S === 1 && incident.status === 'running') {
      const w0 = performance.now();
      snapshotBytes = writeSnapshot(log.file, incident, log.written!.offset, log.written!.lastLine).bytes;
      snapshotMs.push(performance.now() - w0);
    }
  }
  log.flush();
  const playMs = performance.now() - t0;
  const journalMiB = statSync(log.file).size / 2 ** 20;

  const back = async () => {
    const r0 = performance.now();
    const logged: string[] = [];
    const { session, from } = await DrillSession.resume({ index, rules, mqttUrl, dataDir, log: (l) => logged.push(l) }, log.file, readFileSync(log.file));
    const ms = performance.now() - r0;
    const same = session.simS === incident.simS && session.incident.ticks === incident.ticks;
    await session.close();
    rmSync(snapshotFileOf(log.file), { force: true }); // close() wrote one of its own: the next resume replays every input
    if (!same) throw new Error(`the resumed drill is at ${session.simS} s, the played one at ${incident.simS} s (${from}; ${logged.join('; ')})`);
    return { ms: Math.round(ms), from };
  };
  const fromSnapshot = await back();
  const replayed = await back(); // its snapshot removed: every input again
  const sorted = [...snapshotMs].sort((a, b) => a - b);
  return {
    simulatedS: incident.simS, inputs, journalMiB: Math.round(journalMiB * 10) / 10, playedInMs: Math.round(playMs),
    snapshots: snapshotMs.length, snapshotKiB: Math.round(snapshotBytes / 1024), snapshotWriteMedianMs: Math.round(sorted[sorted.length >> 1]! * 10) / 10, snapshotWriteMaxMs: Math.round(sorted[sorted.length - 1]! * 10) / 10,
    backFromSnapshotMs: fromSnapshot.ms, from: fromSnapshot.from, backReplayingEveryInputMs: replayed.ms,
  };
}
