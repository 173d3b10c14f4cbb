// Every action a responder can take, in one table: its names, who may take it and where, what it needs first,
// and what it does. A hazard's own reaction to an action is in that hazard's file (its `on`, run for every
// action); the rest of an action's effect is here. The kernel (sim-server/drill/incident.ts) checks a row
// (sim-server/drill/roleActions.ts: one pure check) and runs it; the editor, reachability, the responder's
// panel and the reports read the same row.
import { COMMAND_LABELS, TASK_LABELS, type Text } from '../twin-assets/labels';
import type { TaskRef } from './capabilities';
import { ACTIONS as PERMISSIONS } from '../twin-assets/permissions';
import type { AlarmJson, Role } from '../twin-assets/protocol';

/** Close enough to act on the incident: at the door of its building, or by an outdoor device. */
export const NEAR_M = 15;
/** Close enough to take the AED out of a capsule station's cabinet. */
export const AED_STATION_M = 8;
/** The dispatch tasks each role answers for (the resource it is). */
export const TASK_KIND_OF: Partial<Record<Role, string>> = { grid_worker: 'grid_worker', firefighter: 'micro_fire_station', medic: 'aed' };
interface TaskLike { id: string; kind: string; state: string }

/** What an action's effect may use of the incident kernel; E is what its alarm engine emits, passed through. */
export interface ActionKernel<E = unknown> {
  readonly now: number;
  /** The incident's open alarms (those of the scenario's devices). */
  incidentAlarms(): AlarmJson[];
  readonly core: {
    acknowledge(alarmId: string, by: { id: string; name: string }, now: number): { twinEvents?: E[] };
    updateTask(taskId: string, state: 'on_site', by: { id: string; name: string }, now: number): { ok: true; twinEvents: E[] } | { ok: false };
    readonly dispatch: { tasksOf(alarmId: string): TaskLike[] };
  };
  /** Takes in what the alarm engine did (CAP, notifications, the scenario's machine). */
  twin(events: E[]): void;
  readonly casualties: Map<string, { x: number; y: number; treated: boolean }>;
  distanceTo(playerId: string, p: { x: number; y: number }): number;
  readonly run: {
    alarmAcknowledged(): void;
    /** Whether a household answers the phone, and which one was called; null when there is none to call. */
    phone(householdId?: string): Text | null;
    knowsHousehold(householdId: string): boolean;
  };
}
export interface ActionCall {
  k: ActionKernel;
  player: { id: string; role: Role; carriesAed: boolean };
  actor: { id: string; name: string };
  /** A hazard report's text, cleaned; empty otherwise. */
  text: string;
  householdId?: string;
}

interface Row {
  names: Text;
  /** The critical task (capabilities.ts) it is evidence for, unless an objective names another. */
  evaluates: TaskRef;
  roles: readonly Role[];
  /** Must be at the incident, or (for the AED) at a capsule station that has one. */
  near?: 'incident' | 'aed_station';
  /** Must have been done first (by anyone on the team). */
  after?: readonly string[];
  /** Must carry the AED. */
  needsAed?: boolean;
  /** A reason to refuse this call before anything happens (a report without text). */
  refuse?(c: ActionCall): Text | null;
  /** What it does beyond the hazards' reactions; returns what it achieved, noted in the timeline and told back. */
  effect?(c: ActionCall): Text | null | void;
  /** What is told back when the effect achieved nothing to note (else "done"). */
  told?(c: ActionCall): Text;
}

const FIELD: Role[] = ['grid_worker', 'firefighter', 'medic'];
const unacked = (a: AlarmJson) => a.state === 'active_unacked' || a.state === 'rtn_unacked';
/** The most a player may type: a hazard report, a message. */
export const MAX_TEXT = 200;

/** In the order a responder's panel lists them. */
export const ACTION_TABLE = {
  acknowledge: { evaluates: 'warning.confirm',
    names: { zh: '确认报警', en: 'Acknowledge' }, roles: ['commander', 'grid_worker'],
    // One acknowledgement covers the incident: every alarm its devices raised (a fire raises several).
    effect: ({ k, actor }) => {
      for (const a of k.incidentAlarms()) if (unacked(a)) k.twin(k.core.acknowledge(a.id, actor, k.now).twinEvents ?? []);
      k.run.alarmAcknowledged();
    },
  },
  phone_resident: { evaluates: 'communications.reach_family',
    names: { zh: '电话联系住户', en: 'Phone the resident' }, roles: ['commander', 'grid_worker'],
    refuse: ({ k, householdId }) => (householdId !== undefined && !k.run.knowsHousehold(householdId) ? { en: `no household "${String(householdId).slice(0, 40)}"`, zh: `没有住户“${String(householdId).slice(0, 40)}”` } : null),
    effect: ({ k, householdId }) => k.run.phone(householdId),
  },
  call_119: { evaluates: 'communications.call_services', names: { zh: '拨打119', en: 'Call 119' }, roles: ['commander', ...FIELD] },
  call_120: { evaluates: 'communications.call_services', names: { zh: '拨打120', en: 'Call 120' }, roles: ['commander', ...FIELD] },
  on_site: { evaluates: 'initial_response.reach',
    names: { zh: '报告到场', en: 'Report on site' }, roles: FIELD, near: 'incident',
    // The role's own dispatch tasks for the incident's alarms are on site.
    effect: ({ k, player, actor }) => {
      const kind = TASK_KIND_OF[player.role];
      for (const a of k.incidentAlarms()) for (const t of k.core.dispatch.tasksOf(a.id)) {
        if (t.kind !== kind || (t.state !== 'assigned' && t.state !== 'en_route')) continue;
        const r = k.core.updateTask(t.id, 'on_site', actor, k.now);
        if (r.ok) k.twin(r.twinEvents);
      }
    },
  },
  // The same words as the command a valve takes (twin-assets/labels.ts).
  shut_valve: { evaluates: 'initial_response.control_source', names: COMMAND_LABELS.close_valve!, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  open_windows: { evaluates: 'initial_response.ventilate', names: { zh: '开窗通风', en: 'Open the windows' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  // A fire's smoke and the building's air (hazards/buildingFire.ts): the flat's door shut on it, the stairs vented.
  shut_door: { evaluates: 'initial_response.control_source', names: { zh: '关闭着火户房门', en: 'Shut the fire flat\'s door' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  open_stair_windows: { evaluates: 'initial_response.ventilate', names: { zh: '开启楼梯间窗户排烟', en: 'Open the stair windows' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  no_sparks: { evaluates: 'site_security.ignition', names: { zh: '禁止开关电器和明火', en: 'No switches, no flames' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  cordon: { evaluates: 'site_security.cordon', names: { zh: '设置警戒', en: 'Cordon the area' }, roles: ['commander', 'grid_worker', 'firefighter'], near: 'incident' },
  first_aid: { evaluates: 'medical.aid',
    names: { zh: '现场急救', en: 'First aid' }, roles: FIELD, near: 'incident',
    effect: ({ k, player }) => { for (const c of k.casualties.values()) if (!c.treated && k.distanceTo(player.id, c) <= NEAR_M) c.treated = true; },
  },
  fetch_aed: { evaluates: 'medical.defibrillate',
    names: { zh: '取AED', en: 'Fetch the AED' }, roles: ['grid_worker', 'medic'], near: 'aed_station',
    effect: ({ player }) => { player.carriesAed = true; },
  },
  use_aed: { evaluates: 'medical.defibrillate', names: { zh: '使用AED', en: 'Use the AED' }, roles: ['grid_worker', 'medic'], near: 'incident', needsAed: true },
  handover_120: { evaluates: 'medical.hand_over', names: { zh: '移交120', en: 'Hand over to 120' }, roles: ['medic', 'grid_worker'], near: 'incident', after: ['call_120'] },
  evacuate: { evaluates: 'evacuation.residents', names: { zh: '疏散/转移居民', en: 'Evacuate residents' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  extinguish: { evaluates: 'initial_response.control_source', names: { zh: '灭火', en: 'Extinguish' }, roles: ['firefighter', 'grid_worker'], near: 'incident' },
  // A stop order goes to the crane's driver by radio: no need to stand under the jib.
  stop_crane: { evaluates: 'initial_response.control_source', names: { zh: '停止塔吊作业', en: 'Stop the crane' }, roles: ['commander', 'grid_worker'] },
  deploy_pump: { evaluates: 'initial_response.control_source', names: { zh: '架设水泵', en: 'Deploy a pump' }, roles: ['firefighter'], near: 'incident' },
  // Sandbags or a flood gate across an underground car park's ramp (hazards/undergroundFlood.ts).
  block_ramp: { evaluates: 'initial_response.control_source', names: { zh: '封堵地下车库出入口', en: 'Block the car park entrance' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  deploy_boat: { evaluates: 'evacuation.vulnerable', names: { zh: '出动冲锋舟', en: 'Deploy a boat' }, roles: ['firefighter'], near: 'incident' },
  remove_ebike: { evaluates: 'initial_response.control_source', names: { zh: '移出电动车', en: 'Remove the e-bike' }, roles: ['grid_worker', 'firefighter'], near: 'incident' },
  report_hazard: { evaluates: 'communications.report_up',
    names: PERMISSIONS['reports.submit'].label, roles: ['commander', ...FIELD],
    refuse: ({ text }) => (text ? null : { en: `a hazard report needs 1–${MAX_TEXT} characters of text`, zh: `隐患上报须有1–${MAX_TEXT}个字的描述` }),
    told: ({ text }) => ({ en: `reported: ${text}`, zh: `已上报：${text}` }),
  },
} as const satisfies Record<string, Row>;

export type ActionKind = keyof typeof ACTION_TABLE;
/** The actions, in the table's order: the scenario format's enum. */
export const ACTIONS = Object.keys(ACTION_TABLE) as [ActionKind, ...ActionKind[]];
// What an action needs first is an action too (a typo does not compile).
type Afters = { [K in ActionKind]: (typeof ACTION_TABLE)[K] extends { after: readonly (infer A)[] } ? A : never }[ActionKind];
const afterIsAnAction: [Afters] extends [ActionKind] ? true : never = true;
void afterIsAnAction;
export type ActionRow = Omit<Row, 'after'> & { after?: readonly ActionKind[] };
/** A row, typed as a row (the table's own type is its literal). */
export const actionRow = (a: ActionKind): ActionRow => ACTION_TABLE[a] as ActionRow;

/** A responder's action by name, including a dispatch task moved on ("task_en_route"); anything else as it is. */
export function actionLabel(action: string): Text {
  if (action in ACTION_TABLE) return ACTION_TABLE[action as ActionKind].names;
  const task = /^task_(\w+)$/.exec(action)?.[1];
  const state = task ? TASK_LABELS[task] : undefined;
  return state ? { zh: `派单任务：${state.zh}`, en: `Dispatch task: ${state.en}` } : { zh: action, en: action };
}

/** The critical task an objective is evaluated as: the one it names, else its action's. */
export const objectiveTask = (e: { action: ActionKind; task?: TaskRef | undefined }): TaskRef => e.task ?? actionRow(e.action).evaluates;
