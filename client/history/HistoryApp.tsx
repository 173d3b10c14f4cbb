// /history — the street centre's alarm records from the database: any period (this month, last month, a year),
// filtered by level, kind and courtyard, newest first and paged; every alarm with who acknowledged it and when;
// the period as a CSV for the monthly report. Names, never ids.
import { useEffect, useMemo, useState } from 'react';
import { deviceName, indexDistrict, reportPlaceName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { ALARM_KIND_LABELS, byLabel, kindLabel, LEVEL_LABELS } from '../../twin-assets/labels';
import { RESPONSE_LEVELS } from '../../twin-assets/protocol';
import { formatDate, formatNumber, formatTime } from '../format';
import { STATE_LABELS, useLang } from '../i18n';
import { api, dataOf, type Data } from '../net/api';
import { fetchDistrict } from '../net/district';
import { LangToggle } from '../panels/LangToggle';
import { RequireSession } from '../panels/LoginPage';
import { usePageTitle } from '../pageTitle';

type Row = Data<'getApiHistoryAlarms'>['alarms'][number];
const DAY = 86_400_000;
/** Month boundaries in China Standard Time (UTC+8), as the centre's reports count them. */
function monthStart(t: number, back = 0): number {
  const d = new Date(t + 8 * 3600_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1) - 8 * 3600_000;
}
const PERIODS = {
  thisMonth: (now: number) => ({ from: monthStart(now), to: now }),
  lastMonth: (now: number) => ({ from: monthStart(now, 1), to: monthStart(now) }),
  last30d: (now: number) => ({ from: now - 30 * DAY, to: now }),
  lastYear: (now: number) => ({ from: now - 365 * DAY, to: now }),
} as const;
type Period = keyof typeof PERIODS;

export function HistoryApp() {
  return <RequireSession>{() => <History />}</RequireSession>;
}

function History() {
  const { lang, t } = useLang();
  const [index, setIndex] = useState<DistrictIndex | null>(null);
  const [period, setPeriod] = useState<Period>(() => (new URLSearchParams(location.search).get('period') as Period) in PERIODS ? new URLSearchParams(location.search).get('period') as Period : 'thisMonth');
  const [level, setLevel] = useState('');
  const [kind, setKind] = useState('');
  const [courtyard, setCourtyard] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => { fetchDistrict().then((d) => setIndex(indexDistrict(d)), () => {}); }, []);
  usePageTitle(`${t('history')}${index ? ` · ${index.district.name[lang]}` : ''}`);
  const window = useMemo(() => PERIODS[period](Date.now()), [period]);
  const query = useMemo(() => ({ from: window.from, to: window.to, level: level || null, kind: kind || null, courtyardId: courtyard || null }), [window, level, kind, courtyard]);
  const load = async (cursor: string | null) => {
    setLoading(true);
    try {
      const body = await dataOf(api('getApiHistoryAlarms', { query: { ...query, limit: 100, cursor } }));
      setRows((old) => (cursor ? [...old, ...body.alarms] : body.alarms));
      setNext(body.next);
      setError(null);
    } catch (e) { setError((e as Error).message); } finally { setLoading(false); }
  };
  useEffect(() => { void load(null); }, [query]); // eslint-disable-line react-hooks/exhaustive-deps

  const time = (ms: number | null) => (ms === null ? '' : formatTime(ms, lang, 0));
  return (
    <div className="kpi-page history-page" data-testid="history-page">
      <header>
        <h1>{t('history')}{index ? ` · ${index.district.name[lang]}` : ''}</h1>
        <a className="badge" href="/">{t('live')}</a>
        <a className="badge" href="/kpis">{t('kpis')}</a>
        <span className="spacer" />
        <LangToggle />
      </header>
      <main>
        <div className="filters">
          {(Object.keys(PERIODS) as Period[]).map((p) => <button key={p} className={p === period ? 'on' : ''} aria-pressed={p === period} onClick={() => setPeriod(p)} data-testid={`period-${p}`}>{t(p)}</button>)}
          <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label={t('level')}>
            <option value="">{t('allLevels')}</option>
            {RESPONSE_LEVELS.map((l) => <option key={l} value={l}>{LEVEL_LABELS[l][lang]}</option>)}
          </select>
          <select value={kind} onChange={(e) => setKind(e.target.value)} aria-label={t('alarmKind')}>
            <option value="">{t('allKinds')}</option>
            {Object.keys(ALARM_KIND_LABELS).map((k) => <option key={k} value={k}>{kindLabel(k)[lang]}</option>)}
          </select>
          <select value={courtyard} onChange={(e) => setCourtyard(e.target.value)} aria-label={t('courtyard')}>
            <option value="">{t('allCourtyards')}</option>
            {index && [...index.courtyards.values()].map((c) => <option key={c.id} value={c.id}>{c.name[lang]}</option>)}
          </select>
          <a className="button" href={`/api/history/alarms?${query}&format=csv&lang=${lang}`} download data-testid="export-csv">{t('exportCsv')}</a>
        </div>
        <p className="muted" data-testid="history-window">{formatDate(window.from, lang)} – {formatDate(window.to, lang)} · {error ?? (loading && rows.length === 0 ? t('loadingShort') : `${formatNumber(rows.length, lang)}${next ? '+' : ''} ${t('alarmsCount')}`)}</p>
        <table data-testid="history-table">
          <thead><tr><th>{t('raisedAt')}</th><th>{t('device')}</th><th>{t('alarmKind')}</th><th>{t('level')}</th><th>{t('state')}</th><th>{t('ackedBy')}</th><th>{t('ackTime')}</th></tr></thead>
          <tbody>{rows.map((a) => (
            <tr key={a.id} data-alarm-id={a.id}>
              <td>{time(a.raisedAt)}</td>
              <td>{index ? deviceName(index, a.deviceId, lang) : ''}<div className="muted">{index && !index.devices.has(a.deviceId) ? reportPlaceName(index, a.location, lang) : ''}</div></td>
              <td>{kindLabel(a.kind)[lang]}</td>
              <td><span className={`level ${a.level}`}>{LEVEL_LABELS[a.level][lang]}</span></td>
              <td>{STATE_LABELS[a.state]?.[lang] ?? a.state}</td>
              <td>{a.ackedBy ? byLabel(a.ackedBy, lang) : ''}</td>
              <td>{a.ackedAt === null ? '' : `${formatNumber(Math.round((a.ackedAt - a.raisedAt) / 1000), lang)} ${t('seconds')}`}</td>
            </tr>
          ))}</tbody>
        </table>
        {next && <button onClick={() => void load(next)} disabled={loading} data-testid="more">{t('more')}</button>}
        {!loading && rows.length === 0 && !error && <p className="muted">{t('noAlarmsInPeriod')}</p>}
      </main>
    </div>
  );
}
