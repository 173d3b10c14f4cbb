// How long a long drill takes to come back after a restart. A two-hour drill is played into the kernel as
// a room would feed it (a trainer and four responders, moves, actions, messages, injects, pauses and speed
// changes), its journal written as DrillSession writes it; then the server's path back is timed: the
// journal read, every input replayed into a fresh kernel, the session connected to the broker and its open
// alarms announced again.
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinScenarios } from '../../scenarios/builtin';
import { DrillLog } from '../../sim-server/drill/drillLog';
import { DrillSession } from '../../sim-server/drill/drillSession';
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
  }
  log.flush();
  const playMs = performance.now() - t0;
  const journalMiB = statSync(log.file).size / 2 ** 20;

  const r0 = performance.now();
  const records = DrillLog.read(log.file)!;
  const readMs = performance.now() - r0;
  const session = await DrillSession.resume({ index, rules, mqttUrl, dataDir, log: () => {} }, records);
  const resumeMs = performance.now() - r0;
  const same = session.simS === incident.simS && session.incident.ticks === incident.ticks;
  await session.close();
  if (!same) throw new Error(`the resumed drill is at ${session.simS} s, the played one at ${incident.simS} s`);
  return {
    simulatedS: incident.simS, inputs, journalMiB: Math.round(journalMiB * 10) / 10, playedInMs: Math.round(playMs),
    journalReadMs: Math.round(readMs), backInMs: Math.round(resumeMs), status: session.status,
  };
}
