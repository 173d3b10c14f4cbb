// A reading as a person writes it, in their language (31.5 %LEL, 3 层, 是/否): one home for the device panel,
// CAP's description and anything else a person reads. Intl only: no IO, no clock.
import { UNIT_ZH, type Lang } from './labels';

export const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);
}

/** A reading as a person reads it: 31.5 %LEL, 3 层, 是/否. */
export function readingText(v: number | boolean, spec: { kind: string; unit?: string } | undefined, lang: Lang): string {
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  const unit = spec?.kind === 'number' ? (lang === 'zh' ? UNIT_ZH[spec.unit!] ?? spec.unit : spec.unit) : '';
  return `${formatNumber(v, lang, 2)}${unit ? ` ${unit}` : ''}`;
}
