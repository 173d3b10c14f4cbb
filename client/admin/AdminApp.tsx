// `/?admin`: the administrator's page (zh-CN first): who may log in, with which roles and where; add a
// person, disable or enable them, reset a password, change roles and scope; one's own API tokens; the audit
// log; the device sources (SourcesSection.tsx). Everything goes through the API, which checks the permission table again.
import { useEffect, useState } from 'react';
import { AUDIT_OUTCOME_LABELS, auditActionLabel, STAFF_ROLE_LABELS, STAFF_ROLES, SCOPED_ROLES, type PersonScope, type StaffRole } from '../../twin-assets/permissions';
import type { District } from '../../twin-assets/districtSchema';
import { useLang } from '../i18n';
import { api, dataOf, type BodyOf, type Data } from '../net/api';
import { fetchDistrict } from '../net/district';
import type { SessionPerson } from '../net/session';
import { LangToggle } from '../panels/LangToggle';
import { RequireSession, WhoAmI } from '../panels/LoginPage';
import { usePageTitle } from '../pageTitle';
import { formatTime } from '../format';
import { byLabel } from '../../twin-assets/labels';
import { SourcesSection } from './SourcesSection';

type PersonRow = Data<'getApiUsers'>[number];
type TokenRow = Data<'getApiTokens'>[number];
type AuditRow = Data<'getApiAudit'>['entries'][number];

export function AdminApp() {
  return <RequireSession>{(person) => <Admin person={person} />}</RequireSession>;
}

function Admin({ person }: { person: SessionPerson }) {
  const { lang, t } = useLang();
  const manages = person.permissions['people.manage'] !== undefined;
  const [district, setDistrict] = useState<District | null>(null);
  const [people, setPeople] = useState<PersonRow[]>([]);
  const [tokens, setTokens] = useState<TokenRow[]>([]);
  const [audit, setAudit] = useState<AuditRow[]>([]);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(`${t('title')} · ${t('admin')}`);

  const reload = () => {
    if (manages) {
      dataOf(api('getApiUsers')).then(setPeople, (e: Error) => setError(e.message));
      dataOf(api('getApiAudit', { query: { limit: 200 } })).then((a) => setAudit(a.entries), () => {});
    }
    dataOf(api('getApiTokens')).then(setTokens, () => {});
  };
  useEffect(() => { fetchDistrict().then(setDistrict, () => {}); reload(); }, []);
  const act = (work: Promise<unknown>) => work.then(() => { setError(null); reload(); }, (e: Error) => setError(e.message));
  const scopeName = (s: PersonScope | null) => {
    if (!s) return t('wholeDistrict');
    const community = s.communityId ? district?.communities.find((c) => c.id === s.communityId)?.name[lang] : null;
    const courtyards = (s.courtyardIds ?? []).map((id) => district?.courtyards.find((c) => c.id === id)?.name[lang] ?? '…');
    return [community, ...courtyards].filter(Boolean).join('、');
  };

  return (
    <div className="app">
      <header>
        <h1>{t('title')} · {t('admin')}</h1>
        <a className="badge" href="/">{t('live')}</a>
        <span className="spacer" />
        <WhoAmI person={person} />
        <LangToggle />
      </header>
      <div className="lobby admin">
        {error && <p className="outcome bad" role="alert" data-testid="admin-error">{error}</p>}
        {manages ? <>
          <section>
            <h2>{t('people')}</h2>
            <table data-testid="people">
              <thead><tr><th>{t('name')}</th><th>{t('loginName')}</th><th>{t('roles')}</th><th>{t('scope')}</th><th>{t('status')}</th><th /></tr></thead>
              <tbody>{people.map((p) => (
                <tr key={p.id} data-testid={`person-${p.login}`}>
                  <td>{p.name}</td><td><code>{p.login}</code></td>
                  <td>{p.roles.map((r) => STAFF_ROLE_LABELS[r][lang]).join('、')}</td>
                  <td>{scopeName(p.scope)}</td>
                  <td>{p.disabled ? t('disabledAccount') : t('enabled')}</td>
                  <td>
                    <button onClick={() => act(dataOf(api('patchApiUsersByLogin', { params: { login: p.login }, body: { disabled: !p.disabled } })))} data-testid={`toggle-${p.login}`}>{p.disabled ? t('enable') : t('disable')}</button>
                    {' '}<button onClick={() => { const pw = prompt(t('newPassword')); if (pw) act(dataOf(api('patchApiUsersByLogin', { params: { login: p.login }, body: { password: pw } }))); }}>{t('resetPassword')}</button>
                  </td>
                </tr>
              ))}</tbody>
            </table>
          </section>
          {district && <NewPerson district={district} onAdd={(body) => act(dataOf(api('postApiUsers', { body })))} />}
        </> : <p className="outcome">{t('notAllowed')}</p>}
        <section>
          <h2>{t('myTokens')}</h2>
          {fresh && <p className="outcome ok" data-testid="fresh-token">{t('tokenShownOnce')} <code>{fresh}</code></p>}
          <table><tbody>{tokens.map((k) => (
            <tr key={k.id}><td>{k.label}</td><td>{formatTime(k.createdAt, lang)}</td><td><button onClick={() => act(dataOf(api('deleteApiTokensByTokenId', { params: { tokenId: k.id } })))}>{t('revoke')}</button></td></tr>
          ))}</tbody></table>
          {person.login && <button onClick={() => dataOf(api('postApiTokens', { body: { label: 'API' } })).then((r) => { setFresh(r.token); reload(); }, (e: Error) => setError(e.message))} data-testid="new-token">{t('newToken')}</button>}
        </section>
        {person.permissions['sources.read'] !== undefined && <SourcesSection district={district} />}
        {manages && <section>
          <h2>{t('auditLog')}</h2>
          <table data-testid="audit"><thead><tr><th>{t('when')}</th><th>{t('who')}</th><th>{t('what')}</th><th>{t('outcome')}</th></tr></thead>
            <tbody>{audit.map((a, i) => <tr key={i}><td>{formatTime(a.at, lang)}</td><td>{byLabel(a.by.name, lang)}</td><td>{auditActionLabel(a.action)?.[lang] ?? a.action}</td><td>{AUDIT_OUTCOME_LABELS[a.outcome]?.[lang] ?? a.outcome}</td></tr>)}</tbody>
          </table>
        </section>}
      </div>
    </div>
  );
}

function NewPerson({ district, onAdd }: { district: District; onAdd(body: BodyOf<'postApiUsers'>): void }) {
  const { lang, t } = useLang();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['viewer']);
  const [communityId, setCommunity] = useState('');
  const [courtyardIds, setCourtyards] = useState<string[]>([]);
  const scoped = roles.some((r) => SCOPED_ROLES.includes(r));
  return (
    <section>
      <h2>{t('addPerson')}</h2>
      <form data-testid="new-person" onSubmit={(e) => {
        e.preventDefault();
        const scope = scoped ? (courtyardIds.length ? { courtyardIds } : communityId ? { communityId } : undefined) : undefined;
        onAdd({ login, name, password, roles, ...(scope ? { scope } : {}) });
      }}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('name')} required maxLength={40} data-testid="new-name" />
        <input value={login} onChange={(e) => setLogin(e.target.value.toLowerCase())} placeholder={t('loginName')} required maxLength={40} data-testid="new-login" />
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder={t('newPassword')} required minLength={10} data-testid="new-password" />
        <fieldset className="roles">{STAFF_ROLES.map((r) => (
          <label key={r}><input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} data-testid={`role-${r}`} />{STAFF_ROLE_LABELS[r][lang]}</label>
        ))}</fieldset>
        {scoped && <>
          <select value={communityId} onChange={(e) => setCommunity(e.target.value)} data-testid="new-community">
            <option value="">{t('community')}…</option>
            {district.communities.map((c) => <option key={c.id} value={c.id}>{c.name[lang]}</option>)}
          </select>
          <select multiple value={courtyardIds} onChange={(e) => setCourtyards([...e.target.selectedOptions].map((o) => o.value))} title={t('courtyards')}>
            {district.courtyards.map((c) => <option key={c.id} value={c.id}>{c.name[lang]}</option>)}
          </select>
        </>}
        <button className="primary" type="submit" data-testid="add-person">{t('addPerson')}</button>
      </form>
    </section>
  );
}
