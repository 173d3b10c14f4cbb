// The interface speaks zh-CN and English through i18next, with the words of twin-assets/labels.ts (the one
// module of words the server reads too). The default follows the browser (Chinese first); the choice is remembered.
import i18next from 'i18next';
import { useSyncExternalStore } from 'react';
import { STRINGS, type Lang, type StringKey } from '../twin-assets/labels';


export { CONTACT_ROLES, ROLE_LABELS, ALARM_STATE_LABELS as STATE_LABELS, TASK_LABELS } from '../twin-assets/labels';
export type { StringKey };

const KEY = 'street-twin.lang';
/** zh-CN first: a browser that asks for Chinese, or for nothing we have, gets Chinese; the choice is remembered. */
function initial(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  if (saved === 'zh' || saved === 'en') return saved;
  const asked = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  const first = asked.find((l) => /^(zh|en)\b/i.test(l));
  return first && /^en/i.test(first) ? 'en' : 'zh';
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
const table = (l: Lang) => Object.fromEntries(Object.entries(STRINGS).map(([k, v]) => [k, v[l]]));
// One i18n layer for every view: i18next, with this file's table as its resources. Synchronous: the
// resources are in the bundle, so the first render already has its words.
const i18n = i18next.createInstance();
void i18n.init({
  resources: { 'zh-CN': { translation: table('zh') }, en: { translation: table('en') } },
  lng: LOCALE[initial()], fallbackLng: 'zh-CN', initAsync: false, interpolation: { escapeValue: false }, returnNull: false,
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

const langOf = (): Lang => (i18n.language === 'en' ? 'en' : 'zh');
const listeners = new Set<() => void>();
i18n.on('languageChanged', (l) => {
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  listeners.forEach((f) => f());
});

export function setLang(next: Lang) {
  localStorage.setItem(KEY, next);
  void i18n.changeLanguage(LOCALE[next]);
}

type Vars = Record<string, string | number>;
/** A string outside React (in a frame loop, a chart's labels). */
export const text = (key: StringKey, l: Lang, vars?: Vars) => i18n.getFixedT(LOCALE[l])(key, vars ?? {}) as string;

export function useLang(): { lang: Lang; t: (key: StringKey, vars?: Vars) => string } {
  const current = useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, langOf);
  return { lang: current, t: (key, vars) => text(key, current, vars) };
}
