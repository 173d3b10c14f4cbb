// The selected device: readings with units, history charts with the rules' thresholds, commands with the
// device's answer tracked to done or timed out, out of service with a reason, who is registered to hear of
// it, the household, and its alarm history. Polls GET /api/devices/<id> while open.
import { useEffect, useState } from 'react';
import { DEVICE_COMMANDS, QUANTITIES, type DeviceType } from '../../twin-assets/deviceCatalog';
import type { District } from '../../twin-assets/districtSchema';
import { indexDistrict, placeName } from '../../twin-assets/districtIndex';
import { byLabel, COMMAND_LABELS, COMMAND_STATE_LABELS, DEVICE_TYPE_LABELS, kindLabel, quantityLabel } from '../../twin-assets/labels';
import { api, type Data } from '../net/api';
import { HistoryChart } from './HistoryChart';
import { formatTime, readingText } from '../format';
import { CONTACT_ROLES, STATE_LABELS, useLang } from '../i18n';
import { viewStore } from '../state/viewStore';
import { Sparkline } from './Sparkline';

type DeviceDetail = Data<'getApiDevicesByDeviceId'>;

/** The chart's period: the last readings in memory, or the history's minutes (hours, days) from the database. */
type Range = 'live' | '24h' | '30d' | '1y';
const RANGE_MS: Record<Exclude<Range, 'live'>, number> = { '24h': 86_400_000, '30d': 30 * 86_400_000, '1y': 365 * 86_400_000 };
const RANGE_LABEL = { live: 'live', '24h': 'range24h', '30d': 'range30d', '1y': 'range1y' } as const;
type StoredPoint = Data<'getApiDevicesByDeviceIdReadings'>['points'][number];

/** The device's readings over the range from the database (refreshed each minute), or null for the live range. */
function useStoredReadings(deviceId: string, range: Range): StoredPoint[] | null {
  const [points, setPoints] = useState<StoredPoint[] | null>(null);
  useEffect(() => {
    setPoints(null);
    if (range === 'live') return;
    let stop = false;
    const load = () => {
      const to = Date.now();
      void api('getApiDevicesByDeviceIdReadings', { params: { deviceId }, query: { from: to - RANGE_MS[range], to } })
        .then((r) => { if (r.ok && !stop) setPoints(r.data.points); });
    };
    load();
    const timer = setInterval(load, 60_000);
    return () => { stop = true; clearInterval(timer); };
  }, [deviceId, range]);
  return points;
}

export function DevicePanel({ district, deviceId }: { district: District; deviceId: string }) {
  const { lang, t } = useLang();
  const [range, setRange] = useState<Range>('24h');
  const stored = useStoredReadings(deviceId, range);
  const [detail, setDetail] = useState<DeviceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      const r = await api('getApiDevicesByDeviceId', { params: { deviceId } });
      if (stop) return;
      if (r.ok) { setDetail(r.data); setError(null); } else setError(r.error);
    };
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => { stop = true; clearInterval(timer); };
  }, [deviceId, refresh]);
  /** An operator's action on the device, then a fresh look at it. */
  const post = async (answer: Promise<{ ok: true } | { ok: false; error: string }>) => {
    const r = await answer;
    setError(r.ok ? null : r.error);
    setRefresh((n) => n + 1);
  };
  const params = { deviceId };

  const time = (ms: number) => formatTime(ms, lang);
  const d = detail?.device;
  const index = indexDistrict(district);
  const catalog = d ? QUANTITIES[d.type as DeviceType] : {};
  return (
    <section className="device-panel" data-testid="device-panel" data-device-id={deviceId}>
      <header>
        <div>
          <div className="title">{d ? DEVICE_TYPE_LABELS[d.type][lang] : deviceId}</div>
          <div className="sub">{d ? placeName(index, d, lang) : t('unknownDevice')}</div>
        </div>
        <button onClick={() => viewStore.set({ selectedDeviceId: null })} aria-label={t('close')}>×</button>
      </header>
      {error && <div className="empty">{error}</div>}
      {detail && <>
        <div className="row muted">
          {detail.state.online === false ? t('offline') : t('online')}
          {detail.state.battery !== null && ` · ${t('battery')} ${detail.state.battery}%`}
          {detail.state.updatedAt && ` · ${t('lastReport')} ${time(detail.state.updatedAt)}`}
        </div>
        <h3>{t('readings')}</h3>
        {Object.keys(detail.state.readings).length === 0 && <div className="muted">{t('noReadings')}</div>}
        <table className="readings"><tbody>
          {Object.entries(detail.state.readings).map(([q, v]) => {
            const spec = catalog[q];
            const points = detail.series.filter((s) => typeof s.readings[q] === 'number').map((s) => ({ t: s.ts, v: s.readings[q] as number }));
            return (
              <tr key={q} data-quantity={q}>
                <th>{quantityLabel(q, lang)}</th>
                <td>{readingText(v, spec, lang)}</td>
                <td>{typeof v === 'number' && <Sparkline points={points} width={150} height={36} />}</td>
              </tr>
            );
          })}
        </tbody></table>
        {detail.thresholds.length > 0 && <div className="ranges" role="group" data-testid="chart-ranges">{(Object.keys(RANGE_LABEL) as Range[]).map((r) => (
          <button key={r} className={r === range ? 'on' : ''} aria-pressed={r === range} onClick={() => setRange(r)} data-testid={`range-${r}`}>{t(RANGE_LABEL[r])}</button>
        ))}</div>}
        {/* Every numeric quantity with thresholds, read lately or not: after a restart the history still has its past. */}
        {Object.keys(catalog).filter((q) => catalog[q]?.kind === 'number' && detail.thresholds.some((th) => th.quantity === q)).map((q) => {
          const live = detail.series.filter((s) => typeof s.readings[q] === 'number').map((s) => ({ t: s.ts, v: s.readings[q] as number }));
          // The database's minutes (means) before the readings memory holds, then those readings one by one.
          const minutes = (stored ?? []).filter((p) => p.quantity === q).map((p) => ({ t: p.t, v: p.mean }));
          const firstLive = live[0]?.t ?? Infinity;
          const points = range === 'live' ? live : range === '24h' ? [...minutes.filter((p) => p.t + 60_000 <= firstLive), ...live] : minutes;
          return (
            <figure key={q} className="history" data-quantity={q} data-range={range}>
              <figcaption>{quantityLabel(q, lang)} · {t('thresholds')}</figcaption>
              <HistoryChart lang={lang} unit={catalog[q]?.kind === 'number' ? catalog[q].unit : ''} thresholds={detail.thresholds.filter((th) => th.quantity === q)} points={points} days={range === '30d' || range === '1y'} />
            </figure>
          );
        })}
        {detail.personalData && d && <>
          <h3>{t('commands')}</h3>
          <div className="actions">{DEVICE_COMMANDS[d.type as DeviceType].map((c) => <button key={c} onClick={() => void post(api('postApiDevicesByDeviceIdCmd', { params, body: { cmd: c } }))} data-testid={`cmd-${c}`}>{COMMAND_LABELS[c]?.[lang] ?? c}</button>)}</div>
          <ul className="plain" data-testid="commands">{[...detail.commands].reverse().slice(0, 5).map((c) => (
            <li key={c.reqId} className={`command ${c.state}`} data-state={c.state}>{time(c.sentAt)} {COMMAND_LABELS[c.cmd]?.[lang] ?? c.cmd} · {COMMAND_STATE_LABELS[c.state]?.[lang] ?? c.state}{c.answeredAt ? ` · ${time(c.answeredAt)}` : ''}</li>
          ))}</ul>
          <h3>{t('service')}</h3>
          {detail.outOfService
            ? <div className="service" data-testid="service">{t('outOfServiceSince')} {detail.service ? `${time(detail.service.at)} · ${byLabel(detail.service.by, lang)} · ${detail.service.reason}` : ''} <button onClick={() => void post(api('postApiDevicesByDeviceIdService', { params, body: { inService: true } }))} data-testid="back-in-service">{t('backInService')}</button></div>
            : <form className="inline" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void post(api('postApiDevicesByDeviceIdService', { params, body: { inService: false, reason: reason.trim() } })).then(() => setReason('')); }}>
              <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('serviceReason')} maxLength={200} aria-label={t('serviceReason')} data-testid="service-reason" />
              <button type="submit" disabled={!reason.trim()} data-testid="take-out">{t('takeOutOfService')}</button>
            </form>}
        </>}
        {detail.household && <>
          <h3>{t('residents')} · {detail.household.unit}</h3>
          <ul className="plain">{detail.household.residents.map((r, i) => (
            <li key={i}>{r.name ? `${r.name} · ` : ''}{r.age}{t('age')}{r.livingAlone ? ` · ${t('livingAlone')}` : ''}{r.disabled ? ` · ${t('disabled')}` : ''}{r.lowIncome ? ` · ${t('lowIncome')}` : ''}</li>
          ))}</ul>
        </>}
        <h3>{t('contacts')}</h3>
        <ul className="plain" data-testid="contacts">{detail.contacts.map((c, i) => (
          <li key={i}><span className="role">{CONTACT_ROLES[c.role]?.[lang] ?? c.role}</span> {c.name} <span className="muted">{c.phone}</span></li>
        ))}</ul>
        <h3>{t('alarmHistory')}</h3>
        {detail.alarms.length === 0 ? <div className="muted">{t('noHistory')}</div> : (
          <ul className="plain" data-testid="alarm-history">{[...detail.alarms].reverse().map((a) => (
            <li key={a.id}><span className={`level ${a.level}`}>{a.level}</span> {kindLabel(a.kind)[lang]} · {time(a.raisedAt)} · {STATE_LABELS[a.state]?.[lang] ?? a.state}
              <div className="muted">{a.transitions.map((tr) => `${time(tr.at)} ${tr.level} ${STATE_LABELS[tr.to]?.[lang] ?? tr.to}${tr.by ? ` (${byLabel(tr.by, lang)})` : ''}`).join(' → ')}</div>
            </li>
          ))}</ul>
        )}
      </>}
    </section>
  );
}
