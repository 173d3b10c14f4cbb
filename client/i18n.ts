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
} as const;

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
