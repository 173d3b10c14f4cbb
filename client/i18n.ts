// The interface speaks zh-CN and English. The default follows the browser; the choice is remembered.
import { useSyncExternalStore } from 'react';
import type { Lang } from '../twin-assets/labels';

const STRINGS = {
  title: { zh: '街道应急数字孪生', en: 'Street emergency twin' },
  live: { zh: '实时', en: 'Live' },
  connected: { zh: '已连接', en: 'Connected' },
  disconnected: { zh: '连接中断', en: 'Disconnected' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  alarms: { zh: '报警', en: 'Alarms' },
  noAlarms: { zh: '当前无报警', en: 'No alarms' },
  acknowledge: { zh: '确认', en: 'Acknowledge' },
  operator: { zh: '值班员', en: 'Operator' },
  observer: { zh: '观察员（只读）', en: 'Observer (read only)' },
  signIn: { zh: '值班员登录', en: 'Operator sign-in' },
  tokenPlaceholder: { zh: '值班员令牌', en: 'Operator token' },
  raisedAt: { zh: '报警时间', en: 'Raised' },
  ackedBy: { zh: '确认人', en: 'Acknowledged by' },
  notified: { zh: '已通知', en: 'Notified' },
  legendNormal: { zh: '正常', en: 'Normal' },
  legendUnacked: { zh: '报警未确认', en: 'Alarm, unacknowledged' },
  legendAcked: { zh: '报警已确认', en: 'Alarm, acknowledged' },
  legendRtn: { zh: '已恢复未确认', en: 'Back to normal, unacknowledged' },
  legendOffline: { zh: '离线', en: 'Offline' },
  devices: { zh: '设备', en: 'devices' },
  loading: { zh: '正在加载片区模型…', en: 'Loading the district…' },
  close: { zh: '关闭', en: 'Close' },
  eta: { zh: '预计', en: 'ETA' },
  minutes: { zh: '分钟', en: 'min' },
  flood: { zh: '报警泛滥', en: 'Alarm flood' },
  floodDetail: { zh: '条报警（10分钟内），已按院落和楼栋分组', en: 'alarms in 10 minutes, grouped by courtyard and building' },
  unackedShort: { zh: '未确认', en: 'unacknowledged' },
  elsewhere: { zh: '街面及其他', en: 'Streets and elsewhere' },
  readings: { zh: '最新读数', en: 'Latest readings' },
  trend: { zh: '趋势', en: 'Trend' },
  contacts: { zh: '联系人', en: 'Contacts' },
  residents: { zh: '住户', en: 'Residents' },
  alarmHistory: { zh: '报警记录', en: 'Alarm history' },
  noHistory: { zh: '无报警记录', en: 'No alarms' },
  noReadings: { zh: '尚无读数', en: 'No readings yet' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  battery: { zh: '电量', en: 'Battery' },
  lastReport: { zh: '最近上报', en: 'Last report' },
  overview: { zh: '总览图', en: 'Overview' },
  cutaway: { zh: '剖切楼层', en: 'Cut away above floor' },
  cutawayOff: { zh: '不剖切', en: 'No cutaway' },
  livingAlone: { zh: '独居', en: 'lives alone' },
  disabled: { zh: '残疾', en: 'disabled' },
  lowIncome: { zh: '低保', en: 'low income' },
  age: { zh: '岁', en: 'years' },
  drill: { zh: '演练', en: 'Drill' },
  drills: { zh: '演练', en: 'Drills' },
  lobby: { zh: '待开始', en: 'Not started' },
  running: { zh: '进行中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  briefing: { zh: '情况介绍', en: 'Briefing' },
  debrief: { zh: '复盘讲评', en: 'Debrief' },
  brief: { zh: '介绍情况', en: 'Brief' },
  closeDebrief: { zh: '结束讲评', en: 'Close the debrief' },
  ended: { zh: '已结束', en: 'Ended' },
  interrupted: { zh: '已中断', en: 'Interrupted' },
  planner: { zh: '布点规划', en: 'Sensor planning' },
  gasDetectors: { zh: '燃气探测器', en: 'Gas detectors' },
  smokeDetectors: { zh: '烟感报警器', en: 'Smoke detectors' },
  waterGauges: { zh: '水位计', en: 'Water-level gauges' },
  sensors: { zh: '设备数', en: 'Sensors' },
  incidentsFound: { zh: '可发现的险情', en: 'Incidents found' },
  expectedImpact: { zh: '年期望影响（人·分钟）', en: 'Expected impact a year (person-minutes)' },
  exportPatch: { zh: '导出片区补丁', en: 'Export district patch' },
  plannerHint: { zh: '地面越红，越多无人发现的险情（独居老人权重最高）。点击候选点增删设备，拖动绿色设备换位置。', en: 'The redder the ground, the more that nothing would detect (the elderly living alone weigh most). Click a place to add or remove a sensor; drag a green one to move it.' },
  installedNow: { zh: '现状', en: 'Installed now' },
  withPlan: { zh: '规划后', en: 'With the plan' },
  timeToDetect: { zh: '平均发现时间', en: 'Mean time to detection' },
  meanImpact: { zh: '平均影响（人·分钟）', en: 'Mean impact (person-minutes)' },
  budget: { zh: '总数', en: 'Budget' },
  optimise: { zh: '优化布点', en: 'Optimise' },
  solving: { zh: '求解中…', en: 'Solving…' },
  gap: { zh: '最优性差距', en: 'gap' },
  unwatched: { zh: '无法发现的险情（最脆弱的住户在前）', en: 'What nothing would find (most vulnerable first)' },
  candidates: { zh: '候选位置', en: 'Candidate places' },
  start: { zh: '开始', en: 'Start' },
  pause: { zh: '暂停', en: 'Pause' },
  resume: { zh: '继续', en: 'Resume' },
  end: { zh: '结束演练', en: 'End the drill' },
  speed: { zh: '倍速', en: 'Speed' },
  injects: { zh: '注入事件', en: 'Injects' },
  adHoc: { zh: '临时注入', en: 'Ad hoc' },
  failDevice: { zh: '设备故障', en: 'Fail a device' },
  blockLane: { zh: '封堵车道', en: 'Block a lane' },
  addCasualty: { zh: '增加伤员', en: 'Add a casualty' },
  casualtyText: { zh: '伤情描述', en: 'What is wrong' },
  message: { zh: '发送消息', en: 'Send a message' },
  everyone: { zh: '全体', en: 'Everyone' },
  players: { zh: '参演人员', en: 'Players' },
  actions: { zh: '行动', en: 'Actions' },
  goToIncident: { zh: '前往事发地', en: 'Go to the incident' },
  distance: { zh: '距事发地约', en: 'About this far from the incident:' },
  onTheWay: { zh: '行进中', en: 'on the way' },
  clickToMove: { zh: '点击地面可移动', en: 'Click the ground to move there' },
  myTasks: { zh: '我的任务', en: 'My tasks' },
  accept: { zh: '接单出发', en: 'Accept' },
  taskDone: { zh: '完成', en: 'Done' },
  notices: { zh: '消息', en: 'Messages' },
  objectives: { zh: '目标', en: 'Objectives' },
  score: { zh: '得分', en: 'Score' },
  timeline: { zh: '时间线', en: 'Timeline' },
  report: { zh: '复盘报告', en: 'After-action report' },
  replay: { zh: '三维回放', en: '3D replay' },
  hazardText: { zh: '隐患描述', en: 'Describe the hazard' },
  newDrill: { zh: '新建演练', en: 'New drill' },
  scenario: { zh: '脚本', en: 'Scenario' },
  trainerToken: { zh: '教官令牌', en: 'Trainer token' },
  join: { zh: '加入', en: 'Join' },
  yourName: { zh: '姓名', en: 'Your name' },
  role: { zh: '角色', en: 'Role' },
  phase: { zh: '阶段', en: 'Phase' },
  newAlarm: { zh: '新报警', en: 'New alarm' },
  view: { zh: '查看', en: 'View' },
} as const;

export { ACTION_LABELS, ROLE_LABELS } from '../twin-assets/labels';

export type StringKey = keyof typeof STRINGS;

export const CONTACT_ROLES: Record<string, Record<Lang, string>> = {
  relative: { zh: '家属', en: 'Relative' },
  building_head: { zh: '楼栋长', en: 'Building head' },
  guard_room: { zh: '门卫室', en: 'Guard room' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  resident: { zh: '住户', en: 'Resident' },
};

export const TASK_LABELS: Record<string, Record<Lang, string>> = {
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  micro_fire_station: { zh: '微型消防站', en: 'Micro fire station' },
  aed: { zh: 'AED', en: 'AED' },
  hydrant: { zh: '消火栓', en: 'Hydrant' },
  assigned: { zh: '已派遣', en: 'assigned' },
  en_route: { zh: '在途', en: 'en route' },
  on_site: { zh: '到场', en: 'on site' },
  done: { zh: '完成', en: 'done' },
  cancelled: { zh: '取消', en: 'cancelled' },
};

export const STATE_LABELS: Record<string, Record<Lang, string>> = {
  active_unacked: { zh: '报警未确认', en: 'Active, unacknowledged' },
  active_acked: { zh: '报警已确认', en: 'Active, acknowledged' },
  rtn_unacked: { zh: '已恢复未确认', en: 'Back to normal, unacknowledged' },
  closed: { zh: '已关闭', en: 'Closed' },
  shelved: { zh: '已搁置', en: 'Shelved' },
  suppressed: { zh: '已抑制', en: 'Suppressed' },
  out_of_service: { zh: '停用', en: 'Out of service' },
};

const KEY = 'street-twin.lang';
function initial(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  if (saved === 'zh' || saved === 'en') return saved;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let lang: Lang = initial();
const listeners = new Set<() => void>();

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((l) => l());
}

export function useLang(): { lang: Lang; t: (key: StringKey) => string } {
  const current = useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => lang);
  return { lang: current, t: (key) => STRINGS[key][current] };
}
