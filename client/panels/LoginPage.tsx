// The login page every staff view opens on when nobody is logged in: the links `npm start` prints lead here,
// never a token in a URL. Once logged in, the view asked for shows.
import { useState, type ReactNode } from 'react';
import { useLang } from '../i18n';
import { logIn, logOut, useSession, type SessionPerson } from '../net/session';
import { usePageTitle } from '../pageTitle';
import { LangToggle } from './LangToggle';
import { STAFF_ROLE_LABELS } from '../../twin-assets/permissions';

export function LoginPage() {
  const { t } = useLang();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(`${t('title')} · ${t('logIn')}`);
  const submit = async () => {
    setBusy(true);
    const r = await logIn(login.trim(), password);
    setBusy(false);
    if (!r.ok) setError(r.status === 429 ? t('loginThrottled', { why: r.error }) : r.status === 401 ? t('loginWrong') : r.error);
  };
  return (
    <div className="app login">
      <header><h1>{t('title')}</h1><span className="spacer" /><LangToggle /></header>
      <form className="login-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} data-testid="login-form">
        <h2>{t('logIn')}</h2>
        <label>{t('loginName')}<input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" required maxLength={40} data-testid="login" /></label>
        <label>{t('password')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required data-testid="password" /></label>
        <button className="primary" type="submit" disabled={busy} data-testid="login-submit">{t('logIn')}</button>
        {error && <p className="outcome bad" role="alert">{error}</p>}
        <p className="hint">{t('loginHint')}</p>
      </form>
    </div>
  );
}

/** A staff view: the login page until someone is logged in. */
export function RequireSession({ children }: { children: (person: SessionPerson) => ReactNode }) {
  const session = useSession();
  const { t } = useLang();
  if (session.status === 'loading') return <div className="app"><div className="empty">{t('loading')}</div></div>;
  if (session.status === 'anonymous') return <LoginPage />;
  return <>{children(session.person)}</>;
}

/** Who is logged in, with their roles, and the way out: for every staff view's header. */
export function WhoAmI({ person }: { person: SessionPerson }) {
  const { lang, t } = useLang();
  return (
    <span className="whoami">
      <span className="badge ok" data-testid="whoami" title={person.roles.map((r) => STAFF_ROLE_LABELS[r][lang]).join('、')}>{person.name} · {person.roles.map((r) => STAFF_ROLE_LABELS[r][lang]).join('、')}</span>
      {person.permissions['people.manage'] && <a className="badge" href="/?admin" data-testid="admin-link">{t('admin')}</a>}
      <button className="badge" onClick={() => void logOut()} data-testid="logout">{t('logOut')}</button>
    </span>
  );
}
