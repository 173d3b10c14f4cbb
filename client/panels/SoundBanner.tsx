import { useLang } from '../i18n';
import { useSoundArmed } from '../sound';

/** Until the page has been touched once, the browser keeps it silent: say so, plainly, where it is seen. */
export function SoundBanner() {
  const { t } = useLang();
  if (useSoundArmed()) return null;
  return <div className="sound-banner" role="status" data-testid="sound-banner">{t('soundOff')}</div>;
}
