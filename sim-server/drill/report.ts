// The after-action report, built from a drill's journal alone (so it is the same every time it is
// built, and the same after a restart): timeline, KPIs against the scenario's limits and the street's
// 20-minute on-site target, objectives and score, each role's actions, and the frames for the replay.
import type { Scenario } from '../../scenarios/schema';
import { scoreOf, type Score } from '../../scenarios/score';
import type { DrillOutcome, DrillRecord } from './drillLog';
import { actionLabel } from '../../scenarios/actions';
import { byLabel, CONTROL_LABELS, ROLE_LABELS } from '../../twin-assets/labels';
import type { Role } from '../../twin-assets/protocol';

export const ON_SITE_TARGET_S = 20 * 60;

export interface Kpi { id: 'detect' | 'acknowledge' | 'dispatch' | 'arrive' | 'resolve'; seconds: number | null; limitS: number | null; met: boolean | null }

export interface DrillReport {
  drillId: string;
  scenario: { id: string; title: Scenario['title']; briefing: Scenario['briefing'] };
  seed: number;
  createdAt: number;
  outcome: DrillOutcome | 'in_progress';
  durationS: number;
  incidentS: number | null;
  firstAlarmS: number | null;
  kpis: Kpi[];
  onSiteTarget: { limitS: number; arrivedAfterS: number | null; met: boolean };
  objectives: { id: string; action: string; withinS: number; doneAtS: number | null; by: string | null; met: boolean }[];
  /** The total and every point of it: what earned it, what missed it, against which limit. */
  score: Score;
  /** `text` in English, `zh` in Chinese. */
  timeline: { simS: number; kind: string; text: string; zh: string }[];
  roles: { playerId: string; name: string; role: string; actions: { simS: number; action: string; ok: boolean; detail: string; zh: string }[] }[];
  replay: {
    players: { id: string; name: string; role: string }[];
    frames: { simS: number; players: { id: string; x: number; y: number }[] }[];
    devices: { simS: number; deviceId: string; display: string; level: string }[];
    casualties: { simS: number; id: string; x: number; y: number; text: string }[];
  };
}

export function buildReport(records: DrillRecord[]): DrillReport {
  const created = records.find((r): r is Extract<DrillRecord, { t: 'created' }> => r.t === 'created');
  if (!created) throw new Error('the drill journal has no "created" record');
  const { scenario } = created;
  const of = <T extends DrillRecord['t']>(t: T) => records.filter((r): r is Extract<DrillRecord, { t: T }> => r.t === t);
  const timelineRecs = of('timeline');
  const actions = of('action');
  const alarms = of('alarm');
  const tasks = of('task');
  const ok = actions.filter((a) => a.ok);
  const end = of('end')[0];
  const incidentS = timelineRecs.find((r) => r.kind === 'phase' && r.text === 'incident')?.simS ?? null;
  const devices = new Set(scenario.hazards.flatMap((h) => h.deviceIds));
  const firstAlarmS = alarms.find((a) => a.type === 'raised' && devices.has(a.deviceId))?.simS ?? null;
  const resolvedS = timelineRecs.find((r) => r.kind === 'phase' && r.text === 'resolved')?.simS ?? null;

  const since = (s: number | null | undefined) => (s === null || s === undefined || firstAlarmS === null ? null : s - firstAlarmS);
  const limitOf = (action: string) => scenario.expected.find((e) => e.action === action)?.withinS ?? null;
  const ackS = since(alarms.find((a) => devices.has(a.deviceId) && a.state === 'active_acked')?.simS);
  // Dispatch: from the alarm to the first responder assigned to it (the task's first record), not to arrival.
  const incidentAlarms = new Set(alarms.filter((a) => devices.has(a.deviceId)).map((a) => a.alarmId));
  const dispatchS = since(tasks.find((t) => incidentAlarms.has(t.alarmId))?.simS);
  const arrivals = [tasks.find((t) => t.state === 'on_site')?.simS, ok.find((a) => a.action === 'on_site')?.simS].filter((x): x is number => x !== undefined);
  const arriveS = since(arrivals.length ? Math.min(...arrivals) : null);
  const kpi = (id: Kpi['id'], seconds: number | null, limitS: number | null): Kpi => ({ id, seconds, limitS, met: limitS === null ? null : seconds !== null && seconds <= limitS });
  const kpis: Kpi[] = [
    kpi('detect', firstAlarmS !== null && incidentS !== null ? firstAlarmS - incidentS : null, null),
    kpi('acknowledge', ackS, limitOf('acknowledge')),
    kpi('dispatch', dispatchS, null),
    kpi('arrive', arriveS, limitOf('on_site') ?? ON_SITE_TARGET_S),
    kpi('resolve', since(resolvedS), incidentS !== null && firstAlarmS !== null ? scenario.end.failAfterS - firstAlarmS : null),
  ];

  // Each accepted action meets the first expected objective of its kind not met before (as in the run).
  const done = new Map<string, { simS: number; by: string }>();
  for (const a of ok) {
    const e = scenario.expected.find((x) => x.action === a.action && !done.has(x.id));
    if (e) done.set(e.id, { simS: a.simS, by: `${a.name} (${a.role})` });
  }
  const objectives = scenario.expected.map((e) => {
    const d = done.get(e.id);
    return { id: e.id, action: e.action, withinS: e.withinS, doneAtS: d?.simS ?? null, by: d?.by ?? null, met: d !== undefined && firstAlarmS !== null && d.simS - firstAlarmS <= e.withinS };
  });
  const outcome = end?.outcome ?? 'in_progress';
  const score = scoreOf(scenario, new Map([...done].map(([id, d]) => [id, d.simS])), firstAlarmS, outcome === 'resolved');

  const joins = of('join');
  const timeline = [
    ...timelineRecs.map((r) => ({ simS: r.simS, kind: r.kind, text: r.text, zh: r.zh ?? r.text })),
    ...actions.filter((a) => !a.ok).map((a) => ({ simS: a.simS, kind: 'refused', text: `${a.name} (${a.role}): ${a.action}: ${a.detail}`, zh: `${a.name}（${ROLE_LABELS[a.role].zh}）：${actionLabel(a.action).zh}被拒绝：${a.zh ?? a.detail}` })),
    ...of('message').map((m) => ({ simS: m.simS, kind: 'message', text: `${m.from} → ${m.to}: ${m.text}`, zh: `${m.from === 'scenario' ? '脚本' : byLabel(m.from, 'zh')} → ${m.to === 'all' ? '全体' : ROLE_LABELS[m.to as Role]?.zh ?? m.to}：${m.zh ?? m.text}` })),
    ...of('control').map((c) => ({ simS: c.simS, kind: 'control', text: `${c.by}: ${c.cmd}${c.speed ? ` ${c.speed}×` : ''}`, zh: `${byLabel(c.by, 'zh')}：${CONTROL_LABELS[c.cmd]?.zh ?? c.cmd}${c.speed ? ` ${c.speed}×` : ''}` })),
    ...joins.map((j) => ({ simS: j.simS, kind: 'join', text: `${j.name} joined as ${j.role}`, zh: `${byLabel(j.name, 'zh')}以${ROLE_LABELS[j.role].zh}身份加入` })),
  ].map((e, i) => ({ e, i })).sort((a, b) => a.e.simS - b.e.simS || a.i - b.i).map(({ e }) => e); // stable: same order every build

  const frames = of('frame');
  return {
    drillId: created.drillId,
    scenario: { id: scenario.id, title: scenario.title, briefing: scenario.briefing },
    seed: created.seed,
    createdAt: created.createdAt,
    outcome,
    durationS: end?.simS ?? frames[frames.length - 1]?.simS ?? 0,
    incidentS, firstAlarmS, kpis,
    onSiteTarget: { limitS: ON_SITE_TARGET_S, arrivedAfterS: arriveS, met: arriveS !== null && arriveS <= ON_SITE_TARGET_S },
    objectives,
    score,
    timeline,
    roles: joins.map((j) => ({ playerId: j.playerId, name: j.name, role: j.role, actions: actions.filter((a) => a.playerId === j.playerId).map((a) => ({ simS: a.simS, action: a.action, ok: a.ok, detail: a.detail, zh: a.zh ?? a.detail })) })),
    replay: { players: joins.map((j) => ({ id: j.playerId, name: j.name, role: j.role })), frames: frames.map((f) => ({ simS: f.simS, players: f.players })), devices: of('device').map((d) => ({ simS: d.simS, deviceId: d.deviceId, display: d.display, level: d.level })),
      casualties: of('casualty').map((c) => ({ simS: c.simS, id: c.id, x: c.x, y: c.y, text: c.text })) },
  };
}
