// The admin page's device sources (GET /api/sources): each network server or IoT platform of SOURCES with its
// state, devices, messages taken and refused (by reason), the last of each; the identities heard that no device
// has, for someone to register; the commands waiting for a platform. Read again every 10 s while open.
import { useEffect, useMemo, useState } from 'react';
import { COMMAND_LABELS, SOURCE_KIND_LABELS, SOURCE_REFUSAL_LABELS, SOURCE_STATE_LABELS } from '../../twin-assets/labels';
import type { District } from '../../twin-assets/districtSchema';
import { deviceName, indexDistrict } from '../../twin-assets/districtIndex';
import { formatTime } from '../format';
import { useLang } from '../i18n';
import { api, dataOf, type Data } from '../net/api';

type Source = Data<'getApiSources'>[number];
const REFRESH_MS = 10_000;

export function SourcesSection({ district }: { district: District | null }) {
  const { lang, t } = useLang();
  const [sources, setSources] = useState<Source[] | null>(null);
  useEffect(() => {
    const load = () => dataOf(api('getApiSources')).then(setSources, () => {});
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const reason = (r: string) => SOURCE_REFUSAL_LABELS[r as keyof typeof SOURCE_REFUSAL_LABELS]?.[lang] ?? r;
  const index = useMemo(() => (district ? indexDistrict(district) : null), [district]);
  const when = (at: number | null) => (at === null ? t('none') : formatTime(at, lang));
  if (!sources) return null;
  return (
    <section data-testid="sources">
      <h2>{t('deviceSources')}</h2>
      {!sources.length ? <p>{t('noSources')}</p> : <>
        <table>
          <thead><tr><th>{t('name')}</th><th>{t('status')}</th><th>{t('sourceDevices')}</th><th>{t('sourceTaken')}</th><th>{t('sourceRefused')}</th><th>{t('lastMessage')}</th><th>{t('lastRefusal')}</th></tr></thead>
          <tbody>{sources.map((s) => (
            <tr key={s.id} data-testid={`source-${s.id}`}>
              <td>{SOURCE_KIND_LABELS[s.kind][lang]}<br /><code>{s.id}</code></td>
              <td>{SOURCE_STATE_LABELS[s.state][lang]}</td>
              <td>{s.devices}</td>
              <td>{s.taken}</td>
              <td>{Object.entries(s.refused).map(([r, n]) => <div key={r}>{reason(r)} {n}</div>)}</td>
              <td>{when(s.lastAt)}</td>
              <td title={s.lastRefusal?.detail}>{s.lastRefusal ? `${when(s.lastRefusal.at)} · ${reason(s.lastRefusal.reason)}` : t('none')}</td>
            </tr>
          ))}</tbody>
        </table>
        {sources.some((s) => s.unknown.length) && <>
          <h3>{t('unknownIdentities')}</h3>
          <table data-testid="unknown-identities">
            <thead><tr><th>{t('identity')}</th><th>{t('deviceSources')}</th><th>{t('heardAt')}</th><th>{t('times')}</th><th>{t('lastMessage')}</th></tr></thead>
            <tbody>{sources.flatMap((s) => s.unknown.map((u) => (
              <tr key={`${s.id}/${u.identity}`}><td><code>{u.identity}</code></td><td>{SOURCE_KIND_LABELS[s.kind][lang]}</td><td><code>{u.where}</code></td><td>{u.count}</td><td>{when(u.lastAt)}</td></tr>
            )))}</tbody>
          </table>
        </>}
        {sources.some((s) => s.pending.length) && <>
          <h3>{t('pendingCommands')}</h3>
          <table data-testid="pending-commands">
            <thead><tr><th>{t('device')}</th><th>{t('what')}</th><th>{t('deviceSources')}</th><th>{t('when')}</th></tr></thead>
            <tbody>{sources.flatMap((s) => s.pending.map((c) => (
              <tr key={c.reqId}><td>{index ? deviceName(index, c.deviceId, lang) : '…'}</td><td>{COMMAND_LABELS[c.cmd]?.[lang] ?? c.cmd}</td><td>{SOURCE_KIND_LABELS[s.kind][lang]}</td><td>{when(c.at)}</td></tr>
            )))}</tbody>
          </table>
        </>}
      </>}
    </section>
  );
}
