// Whether a player may take an action now, and why not: one pure check over the action table
// (scenarios/actions.ts: who may take it, where, after what) that the incident kernel makes before anything
// happens. A refusal carries the reason a person reads; the action never reaches the world.
import { DRILL_NOT_RUNNING, ROLE_LABELS, type Text } from '../../twin-assets/labels';
import type { Role } from '../../twin-assets/protocol';
import { ACTION_TABLE, ACTIONS, actionRow, AED_STATION_M, NEAR_M, type ActionKind } from '../../scenarios/actions';
import type { Phase } from '../../scenarios/scenarioRun';

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
  return ACTIONS.filter((a) => actionRow(a).roles.includes(role));
}

export function checkAction(action: ActionKind, ctx: ActionContext): Check {
  const rule = actionRow(action);
  const no = (en: string, zh: string): Check => ({ ok: false, reason: { en, zh } });
  const act = (a: string) => ACTION_TABLE[a as ActionKind]?.names.zh ?? a;
  if (ctx.status !== 'running') return { ok: false, reason: DRILL_NOT_RUNNING[ctx.status] };
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
