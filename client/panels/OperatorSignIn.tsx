import { useState } from 'react';
import { useLang } from '../i18n';

export function OperatorSignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const { t } = useLang();
  const [token, setToken] = useState('');
  return (
    <form className="signin" onSubmit={(e) => { e.preventDefault(); if (token.trim()) onSignIn(token.trim()); }}>
      <input type="password" value={token} placeholder={t('tokenPlaceholder')} onChange={(e) => setToken(e.target.value)} aria-label={t('tokenPlaceholder')} />
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}
