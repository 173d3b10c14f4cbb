// A period's alarms as the monthly report's CSV, in the reader's language (zh-CN first): names, not ids,
// and who acknowledged each one. A UTF-8 byte-order mark so a spreadsheet opens the Chinese as Chinese.
import { deviceName, reportPlaceName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { ALARM_STATE_LABELS, byLabel, kindLabel, LEVEL_LABELS, STRINGS, type Lang } from '../../twin-assets/labels';
import type { AlarmJson } from '../../twin-assets/protocol';

const HEADERS: Record<Lang, string[]> = {
  zh: ['发生时间', STRINGS.device.zh, '位置', '告警类型', STRINGS.level.zh, '当前状态', '确认时间', STRINGS.ackedBy.zh, '确认用时（秒）', '关闭时间'],
  en: ['Raised', 'Device', 'Place', 'Kind', 'Level', 'State', 'Acknowledged', 'Acknowledged by', 'Seconds to acknowledge', 'Closed'],
};

/** Local time of the street centre (China Standard Time, UTC+8, no daylight saving), as a person writes it. */
export function cst(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

const cell = (v: string | number) => {
  const s = String(v);
  // A cell a spreadsheet would run as a formula is quoted as text (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function alarmsCsv(index: DistrictIndex, alarms: (AlarmJson & { closedAt: number | null })[], lang: Lang): string {
  const rows = alarms.map((a) => [
    cst(a.raisedAt), deviceName(index, a.deviceId, lang), reportPlaceName(index, a.location, lang), kindLabel(a.kind)[lang], LEVEL_LABELS[a.level][lang],
    ALARM_STATE_LABELS[a.state]?.[lang] ?? a.state, cst(a.ackedAt), a.ackedBy ? byLabel(a.ackedBy, lang) : '',
    a.ackedAt === null ? '' : Math.round((a.ackedAt - a.raisedAt) / 1000), cst(a.closedAt),
  ].map(cell).join(','));
  return `\ufeff${[HEADERS[lang].join(','), ...rows].join('\r\n')}\r\n`;
}
