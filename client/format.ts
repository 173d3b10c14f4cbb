// Dates, times and numbers as the reader's locale writes them (zh-CN: 12月2日 16:05; en-GB: 2 Dec, 16:05).
import { UNIT_ZH, type Lang } from '../twin-assets/labels';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

const ZONE = 'Asia/Shanghai';

/** A formatter of clock times in the district's time zone (China Standard Time), with the date as asked. */
export function clockFormat(lang: Lang, date: 'none' | 'short' | 'numeric'): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false, ...(date === 'none' ? {} : { month: date, day: 'numeric' }) });
}

/** A time of today, or a date and time for another day. */
export function formatTime(at: number, lang: Lang, now = Date.now()): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE });
  return clockFormat(lang, day.format(at) === day.format(now) ? 'none' : 'short').format(at);
}

/** A day with its year (2026年12月7日, 7 December 2026), in China Standard Time. */
export function formatDate(at: number, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' }).format(at);
}

export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);
}

/** A reading as a person reads it: 31.5 %LEL, 3 层, 是/否. */
export function readingText(v: number | boolean, spec: { kind: string; unit?: string } | undefined, lang: Lang): string {
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  const unit = spec?.kind === 'number' ? (lang === 'zh' ? UNIT_ZH[spec.unit!] ?? spec.unit : spec.unit) : '';
  return `${formatNumber(v, lang, 2)}${unit ? ` ${unit}` : ''}`;
}
