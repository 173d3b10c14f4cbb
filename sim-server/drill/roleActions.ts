// Who may do what in a drill, and where: a table, and one pure check the room calls before anything
// happens. A refusal carries the reason a person reads; the action never reaches the world.
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
  stop_crane: { roles: ['commander', 'grid_worker'], near: 'incident' },
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

export type Check = { ok: true } | { ok: false; reason: string };

export function actionsFor(role: Role): ActionKind[] {
  return (Object.keys(ACTION_RULES) as ActionKind[]).filter((a) => ACTION_RULES[a].roles.includes(role));
}

export function checkAction(action: ActionKind, ctx: ActionContext): Check {
  const rule = ACTION_RULES[action];
  if (ctx.status !== 'running') return { ok: false, reason: ctx.status === 'paused' ? 'the drill is paused' : ctx.status === 'ended' ? 'the drill has ended' : 'the drill has not started yet' };
  if (!rule.roles.includes(ctx.role)) return { ok: false, reason: `${aRole(ctx.role)} cannot ${action.replace(/_/g, ' ')}; that is for: ${rule.roles.join(', ')}` };
  if (action === 'acknowledge' && ctx.unacknowledgedAlarms === 0) return { ok: false, reason: 'there is no unacknowledged alarm' };
  if (rule.near === 'incident') {
    if (ctx.phase === 'dormant') return { ok: false, reason: 'nothing has happened yet' };
    if (ctx.toIncidentM === null || ctx.toIncidentM > NEAR_M) return { ok: false, reason: `you are ${ctx.toIncidentM === null ? 'not' : `${Math.round(ctx.toIncidentM)} m from the incident,`} close enough: go within ${NEAR_M} m first` };
  }
  if (rule.near === 'aed_station') {
    if (ctx.carriesAed) return { ok: false, reason: 'you already carry the AED' };
    if (ctx.toAedStationM === null || ctx.toAedStationM > AED_STATION_M) return { ok: false, reason: `the AED is in a capsule station's cabinet: go within ${AED_STATION_M} m of one` };
  }
  if (rule.needsAed && !ctx.carriesAed) return { ok: false, reason: 'you need the AED: fetch it from a capsule station first' };
  for (const before of rule.after ?? []) if (!ctx.done(before)) return { ok: false, reason: `${before.replace(/_/g, ' ')} has to be done first` };
  return { ok: true };
}

const aRole = (role: Role) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role.replace(/_/g, ' ')}`;
