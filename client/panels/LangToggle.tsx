import { setLang, useLang } from '../i18n';

/** The one button every view's header has: Chinese ⇄ English, remembered. */
export function LangToggle() {
  const { lang } = useLang();
  return <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">{lang === 'zh' ? 'English' : '中文'}</button>;
}
