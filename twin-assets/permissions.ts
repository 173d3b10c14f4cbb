// Who may do what: the one table of staff roles × actions × scope (CONTRACT.md "People and sessions").
// Every HTTP route, live-room message and MQTT permission names an action of this table; the server checks
// it (sim-server/people/access.ts), the client reads it to show only what a person may do, and a test walks
// it with every role over HTTP, rooms and MQTT. A drill's own roles (commander, medic …) are another table:
// drill/roleActions.ts, for what a player does inside a drill.
import { REFUSED, ROLE_LABELS, STRINGS, type Text } from './labels';

/** A person's login name: what they type, and what the audit log names. */
export const LOGIN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export const STAFF_ROLES = ['admin', 'operator', 'community', 'grid_worker', 'trainer', 'evaluator', 'planner', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** `all`: anywhere in the district. `scope`: only within the person's community or courtyards. */
export type Grant = 'all' | 'scope';

interface ActionDef {
  /** Who may, and where. Anyone not listed may not. */
  roles: Partial<Record<StaffRole, Grant>>;
  /** Without a session (a resident's phone, a public screen): allowed, and what is left out says the route. */
  anonymous?: true;
  label: Text;
}

const everyone = (grant: Grant = 'all'): Partial<Record<StaffRole, Grant>> => Object.fromEntries(STAFF_ROLES.map((r) => [r, grant]));
/** The district-wide staff, and the community's and grid's staff within their scope. */
const ALL_STAFF: Partial<Record<StaffRole, Grant>> = { ...everyone(), community: 'scope', grid_worker: 'scope' };

export const ACTIONS = {
  // ---- the live twin ----
  'district.read': { roles: everyone(), anonymous: true, label: { zh: '查看辖区地图', en: 'See the district map' } },
  'residents.read': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '查看居民个人信息与联系电话', en: 'See residents\' personal data and phones' } },
  'alarms.feed': { roles: everyone(), anonymous: true, label: { zh: '查看告警列表（不含姓名）', en: 'See the alarm list (without names)' } },
  'alarms.read': { roles: ALL_STAFF, label: { zh: '查看告警详情与处置记录', en: 'See alarm details and who handled them' } },
  'alarms.ack': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '确认告警', en: 'Acknowledge alarms' } },
  'alarms.shelve': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '搁置与恢复告警', en: 'Shelve and unshelve alarms' } },
  'tasks.update': { roles: { admin: 'all', operator: 'all', community: 'scope', grid_worker: 'scope' }, label: { zh: '更新处置任务', en: 'Move dispatch tasks on' } },
  'devices.read': { roles: ALL_STAFF, label: { zh: '查看设备记录与指令', en: 'See devices\' records and commands' } },
  'devices.command': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '向设备下发指令', en: 'Send commands to devices' } },
  'devices.service': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '设备停用与恢复', en: 'Take devices out of service' } },
  'live.watch': { roles: ALL_STAFF, label: { zh: '进入实时值守', en: 'Watch the live twin' } },
  'kpis.read': { roles: { ...ALL_STAFF, grid_worker: undefined }, label: { zh: '查看告警系统指标', en: 'See the alarm system\'s figures' } },
  'metrics.read': { roles: { admin: 'all', operator: 'all' }, label: { zh: '读取运行指标', en: 'Read the server\'s metrics' } },
  // ---- residents' reports ----
  'reports.submit': { roles: everyone(), anonymous: true, label: { zh: '上报隐患', en: 'Report a hazard' } },
  'reports.read': { roles: { admin: 'all', operator: 'all', community: 'scope', grid_worker: 'scope' }, label: { zh: '查看居民上报', en: 'See residents\' reports' } },
  'reports.triage': { roles: { admin: 'all', operator: 'all', community: 'scope' }, label: { zh: '受理与分派上报', en: 'Triage reports' } },
  'reports.rectify': { roles: { admin: 'all', operator: 'all', community: 'scope', grid_worker: 'scope' }, label: { zh: '登记隐患整改', en: 'Record a hazard put right' } },
  // ---- drills and scenarios ----
  'scenarios.read': { roles: everyone(), label: { zh: '查看演练脚本', en: 'See scenarios' } },
  'scenarios.write': { roles: { admin: 'all', trainer: 'all' }, label: { zh: '编写与试运行演练脚本', en: 'Write and try scenarios' } },
  'drills.list': { roles: everyone(), label: { zh: '查看演练列表', en: 'See the drills' } },
  'drills.join': { roles: everyone(), label: { zh: '参加演练', en: 'Take part in drills' } },
  'drills.run': { roles: { admin: 'all', trainer: 'all' }, label: { zh: '创建与主持演练', en: 'Create and run drills' } },
  'drills.evaluate': { roles: { admin: 'all', evaluator: 'all' }, label: { zh: '评估演练（评估员席位）', en: 'Evaluate drills (the evaluator\'s seat)' } },
  'improvement.read': { roles: everyone(), label: { zh: '查看整改计划与队伍评估', en: 'See improvement plans and teams\' ratings' } },
  'improvement.write': { roles: { admin: 'all', trainer: 'all', evaluator: 'all' }, label: { zh: '制定与跟踪整改措施', en: 'Write and track corrective actions' } },
  'drills.report': { roles: { admin: 'all', trainer: 'all', evaluator: 'all' }, label: { zh: '查看演练评估报告', en: 'Read drills\' reports' } },
  // ---- planning ----
  'planner.use': { roles: { admin: 'all', planner: 'all' }, label: { zh: '传感器布点规划', en: 'Plan where sensors go' } },
  // ---- people ----
  'people.manage': { roles: { admin: 'all' }, label: { zh: '管理人员与角色', en: 'Manage people and roles' } },
  'audit.read': { roles: { admin: 'all' }, label: { zh: '查看审计日志', en: 'Read the audit log' } },
  'sources.read': { roles: { admin: 'all' }, label: { zh: '查看设备接入源', en: 'See the device sources' } },
  'tokens.own': { roles: everyone(), label: { zh: '管理本人接口令牌', en: 'Manage one\'s own API tokens' } },
  // ---- MQTT (a login with a personal token as password; topics carry no courtyard, so only district-wide grants) ----
  'mqtt.alarms': { roles: { ...everyone(), community: undefined, grid_worker: undefined }, label: { zh: 'MQTT：订阅告警与 CAP', en: 'MQTT: read alarms and CAP' } },
  'mqtt.live': { roles: { admin: 'all', operator: 'all' }, label: { zh: 'MQTT：订阅实时数据与通知', en: 'MQTT: read live readings and notifications' } },
  'mqtt.replay': { roles: { admin: 'all', operator: 'all' }, label: { zh: 'MQTT：回放设备数据', en: 'MQTT: replay device data' } },
  'mqtt.drills': { roles: { admin: 'all', trainer: 'all', evaluator: 'all' }, label: { zh: 'MQTT：订阅演练数据', en: 'MQTT: read drills' } },
} satisfies Record<string, ActionDef>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

/** Where a person works: a community, or some courtyards (a grid worker's). */
export interface PersonScope { communityId?: string; courtyardIds?: string[] }

/** The best grant any of these roles has for an action, or null. */
export function grantOf(roles: readonly StaffRole[], action: Action): Grant | null {
  const def: ActionDef = ACTIONS[action];
  let best: Grant | null = null;
  for (const role of roles) {
    const g = def.roles[role];
    if (g === 'all') return 'all';
    if (g === 'scope') best = 'scope';
  }
  return best;
}

/** Whether a role needs a scope to be given (its grants are scoped). */
export const SCOPED_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((r) => ACTION_NAMES.some((a) => (ACTIONS[a] as ActionDef).roles[r] === 'scope'));

export const STAFF_ROLE_LABELS: Record<StaffRole, Text> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  operator: { zh: '街道值班员', en: 'Street centre operator' },
  community: { zh: '社区工作人员', en: 'Community staff' },
  grid_worker: ROLE_LABELS.grid_worker,
  trainer: { zh: '演练教官', en: 'Trainer' },
  evaluator: { zh: '演练评估员', en: 'Evaluator' },
  planner: { zh: '规划人员', en: 'Planner' },
  viewer: { zh: '只读查看', en: 'Viewer' },
};

/** What the audit log records besides the table's actions, and how an entry went, in both languages. */
export const AUDIT_EVENT_LABELS: Record<string, Text> = {
  'session.login': { zh: STRINGS.logIn.zh, en: 'Logged in' },
  'session.login_failed': { zh: '登录失败', en: 'Failed login' },
  'session.logout': { zh: '退出登录', en: 'Logged out' },
};
export const AUDIT_OUTCOME_LABELS: Record<string, Text> = {
  ok: { zh: '成功', en: 'done' }, refused: REFUSED, failed: { zh: '未能记录', en: 'not recorded' },
};
export const auditActionLabel = (action: string): Text | undefined => (ACTIONS as Record<string, ActionDef>)[action]?.label ?? AUDIT_EVENT_LABELS[action];
