// Dates, times and numbers as the reader's locale writes them (zh-CN: 12月2日 16:05; en-GB: 2 Dec, 16:05).
import type { Lang } from '../twin-assets/labels';
import { locale } from '../twin-assets/readingText';

export { formatNumber, readingText } from '../twin-assets/readingText';

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

