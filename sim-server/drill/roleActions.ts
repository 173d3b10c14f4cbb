// Who may do what in a drill, and where: a table, and one pure check the incident kernel makes before
// anything happens. A refusal carries the reason a person reads; the action never reaches the world.
import { ACTION_LABELS, ROLE_LABELS, type Text } from '../../twin-assets/labels';
import type { Role } from '../../twin-assets/protocol';
import type { ActionKind } from '../../scenarios/schema';
import type { Phase } from '../../scenarios/scenarioRun';

/** Close enough to act on the incident: at the door of its building, or by an outdoor device. */
export const NEAR_M = 15;
/** Close enough to take the AED out of a capsule station's cabinet. */
export const AED_STATION_M = 8;

interface Rule {
  roles: Role[];
  /** Must be at the incident (or, for the AED, at a capsule station that has one). */
  near?: 'incident' | 'aed_station';
  /** Must have done these first (anyone on the team). */
  after?: ActionKind[];
  /** Must carry the AED. */
  needsAed?: boolean;
}

const FIELD: Role[] = ['grid_worker', 'firefighter', 'medic'];

export const ACTION_RULES: Record<ActionKind, Rule> = {
  acknowledge: { roles: ['commander', 'grid_worker'] },
  phone_resident: { roles: ['commander', 'grid_worker'] },
  call_119: { roles: ['commander', ...FIELD] },
  call_120: { roles: ['commander', ...FIELD] },
  on_site: { roles: FIELD, near: 'incident' },
  shut_valve: { roles: ['grid_worker', 'firefighter'], near: 'incident' },
  open_windows: { roles: ['grid_worker', 'firefighter'], near: 'incident' },
  no_sparks: { roles: ['grid_worker', 'firefighter'], near: 'incident' },
  cordon: { roles: ['commander', 'grid_worker', 'firefighter'], near: 'incident' },
  first_aid: { roles: FIELD, near: 'incident' },
  fetch_aed: { roles: ['grid_worker', 'medic'], near: 'aed_station' },
  use_aed: { roles: ['grid_worker', 'medic'], near: 'incident', needsAed: true },
  handover_120: { roles: ['medic', 'grid_worker'], near: 'incident', after: ['call_120'] },
  evacuate: { roles: ['grid_worker', 'firefighter'], near: 'incident' },
  extinguish: { roles: ['firefighter', 'grid_worker'], near: 'incident' },
  // A stop order goes to the crane's driver by radio: no need to stand under the jib.
  stop_crane: { roles: ['commander', 'grid_worker'] },
  deploy_pump: { roles: ['firefighter'], near: 'incident' },
  deploy_boat: { roles: ['firefighter'], near: 'incident' },
  remove_ebike: { roles: ['grid_worker', 'firefighter'], near: 'incident' },
  report_hazard: { roles: ['commander', ...FIELD] },
};

export interface ActionContext {
  role: Role;
  status: 'lobby' | 'running' | 'paused' | 'ended';
  phase: Phase;
  /** Metres from the player to the incident, and to the nearest capsule station with an AED; null without a place. */
  toIncidentM: number | null;
  toAedStationM: number | null;
  carriesAed: boolean;
  unacknowledgedAlarms: number;
  done(action: ActionKind): boolean;
}

/** A refusal's reason, in both interface languages. */
export type Check = { ok: true } | { ok: false; reason: Text };

export function actionsFor(role: Role): ActionKind[] {
  return (Object.keys(ACTION_RULES) as ActionKind[]).filter((a) => ACTION_RULES[a].roles.includes(role));
}

export function checkAction(action: ActionKind, ctx: ActionContext): Check {
  const rule = ACTION_RULES[action];
  const no = (en: string, zh: string): Check => ({ ok: false, reason: { en, zh } });
  const act = (a: ActionKind) => ACTION_LABELS[a]?.zh ?? a;
  if (ctx.status !== 'running') return ctx.status === 'paused' ? no('the drill is paused', '演练已暂停') : ctx.status === 'ended' ? no('the drill has ended', '演练已结束') : no('the drill has not started yet', '演练尚未开始');
  if (!rule.roles.includes(ctx.role)) return no(`${aRole(ctx.role)} cannot ${action.replace(/_/g, ' ')}; that is for: ${rule.roles.join(', ')}`, `${ROLE_LABELS[ctx.role].zh}不能“${act(action)}”，可由${rule.roles.map((r) => ROLE_LABELS[r].zh).join('、')}执行`);
  if (action === 'acknowledge' && ctx.unacknowledgedAlarms === 0) return no('there is no unacknowledged alarm', '当前没有未确认的报警');
  if (rule.near === 'incident') {
    if (ctx.phase === 'dormant') return no('nothing has happened yet', '尚未发生任何事件');
    if (ctx.toIncidentM === null || ctx.toIncidentM > NEAR_M) {
      return ctx.toIncidentM === null ? no(`you are not close enough: go within ${NEAR_M} m first`, `你不在现场：请先前往事发地${NEAR_M}米以内`)
        : no(`you are ${Math.round(ctx.toIncidentM)} m from the incident: go within ${NEAR_M} m first`, `你距事发地${Math.round(ctx.toIncidentM)}米：请先前往${NEAR_M}米以内`);
    }
  }
  if (rule.near === 'aed_station') {
    if (ctx.carriesAed) return no('you already carry the AED', '你已携带AED');
    if (ctx.toAedStationM === null || ctx.toAedStationM > AED_STATION_M) return no(`the AED is in a capsule station's cabinet: go within ${AED_STATION_M} m of one`, `AED存放在应急救援站柜中：请先前往救援站${AED_STATION_M}米以内`);
  }
  if (rule.needsAed && !ctx.carriesAed) return no('you need the AED: fetch it from a capsule station first', '需要AED：请先到应急救援站取用');
  for (const before of rule.after ?? []) if (!ctx.done(before)) return no(`${before.replace(/_/g, ' ')} has to be done first`, `请先完成“${act(before)}”`);
  return { ok: true };
}

const aRole = (role: Role) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role.replace(/_/g, ' ')}`;
