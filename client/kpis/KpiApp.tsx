// /kpis — the alarm system's health for the street centre's supervisor, as ISA-18.2 and EEMUA 191 measure
// it: figures against their targets, alarms per 10 minutes and time to acknowledge as uPlot charts, and the
// sources to fix first (most frequent, chattering, standing), named by place.
import { RequireSession } from '../panels/LoginPage';
import { useEffect, useMemo, useState } from 'react';
import type { AlarmKpis } from '../../twin-assets/kpis';
import { api } from '../net/api';
import { indexDistrict, placeName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { kindLabel, LEVEL_LABELS } from '../../twin-assets/labels';
import { RESPONSE_LEVELS } from '../../twin-assets/protocol';
import { formatNumber, formatTime } from '../format';
import { useLang } from '../i18n';
import { fetchDistrict } from '../net/district';
import { LangToggle } from '../panels/LangToggle';
import { usePageTitle } from '../pageTitle';
import { AckChart, RateChart } from './KpiCharts';

const HOUR = 3600_000;
const RANGES = [{ key: 'last24h', ms: 24 * HOUR }, { key: 'last7d', ms: 7 * 24 * HOUR }, { key: 'last30d', ms: 30 * 24 * HOUR }, { key: 'lastYear', ms: 365 * 24 * HOUR }] as const;

export function KpiApp() {
  return <RequireSession>{() => <Kpis />}</RequireSession>;
}

function Kpis() {
  const { lang, t } = useLang();
  const params = new URLSearchParams(location.search);
  const [window, setWindow] = useState(() => {
    const to = Number(params.get('to')) || Date.now();
    return { from: Number(params.get('from')) || to - 24 * HOUR, to };
  });
  const [kpis, setKpis] = useState<AlarmKpis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState<DistrictIndex | null>(null);
  useEffect(() => { fetchDistrict().then((d) => setIndex(indexDistrict(d)), () => {}); }, []);
  useEffect(() => {
    setError(null);
    void api('getApiKpisAlarms', { query: { from: window.from, to: window.to } }).then((r) => {
      if (r.ok) setKpis(r.data); else setError(r.status === 0 ? t('reportOffline') : r.error);
    });
  }, [window, t]);
  usePageTitle(`${t('kpiTitle')}${index ? ` · ${index.district.name[lang]}` : ''}`);

  const source = (deviceId: string, kind: string) => {
    const device = index?.devices.get(deviceId);
    return `${device ? placeName(index!, device, lang) : t('unknownDevice')} · ${kindLabel(kind)[lang]}`;
  };
  const duration = (s: number) => (s >= 3600 ? `${formatNumber(s / 3600, lang, 1)} ${t('hours')}` : `${formatNumber(Math.round(s / 60), lang)} ${t('minutes')}`);
  const tiles = useMemo(() => kpis && [
    { key: 'kpiRaised', value: formatNumber(kpis.raised, lang), ok: true },
    { key: 'kpiAverage', value: formatNumber(kpis.averagePer10Min, lang, 1), ok: kpis.averagePer10Min <= kpis.targets.per10MinManageable, target: `≤ ${kpis.targets.per10MinAcceptable}–${kpis.targets.per10MinManageable}` },
    { key: 'kpiPeak', value: formatNumber(kpis.maxPer10Min, lang), ok: kpis.maxPer10Min <= 10, target: '≤ 10' },
    { key: 'kpiFlood', value: `${formatNumber(kpis.floodPct, lang, 1)}%`, ok: kpis.floodPct < kpis.targets.floodPct, target: `< ${kpis.targets.floodPct}%` },
    { key: 'kpiStanding', value: formatNumber(kpis.standing.length, lang), ok: true },
    { key: 'kpiStale', value: formatNumber(kpis.stale.length, lang), ok: kpis.stale.length === 0, target: '0' },
    { key: 'kpiChattering', value: formatNumber(kpis.chattering.length, lang), ok: kpis.chattering.length === 0, target: '0' },
    { key: 'kpiTopTen', value: `${formatNumber(kpis.topTenSharePct, lang, 1)}%`, ok: kpis.topTenSharePct <= kpis.targets.topTenSharePct, target: `≤ ${kpis.targets.topTenSharePct}%` },
  ] as const, [kpis, lang]);

  return (
    <div className="kpi-page" data-testid="kpi-page">
      <header>
        <h1>{t('kpiTitle')}{index ? ` · ${index.district.name[lang]}` : ''}</h1>
        <a className="badge" href="/">{t('live')}</a>
        <a className="badge" href="/history">{t('history')}</a>
        <span className="spacer" />
        {RANGES.map((r) => <button key={r.key} onClick={() => { const to = Date.now(); setWindow({ from: to - r.ms, to }); }}>{t(r.key)}</button>)}
        <LangToggle />
      </header>
      <main>
        <p className="muted" data-testid="kpi-window">{kpis ? `${formatTime(kpis.from, lang, 0)} – ${formatTime(kpis.to, lang, 0)} · ${t('kpiBasis')}` : error ?? t('loading')}</p>
        {kpis && tiles && (
          <>
            <section className="tiles">
              {tiles.map((tile) => (
                <div key={tile.key} className={`tile ${tile.ok ? 'ok' : 'bad'}`} data-testid={tile.key}>
                  <div className="value">{tile.value}</div>
                  <div className="label">{t(tile.key)}</div>
                  {'target' in tile && <div className="target">{t('kpiTarget')} {tile.target}</div>}
                </div>
              ))}
            </section>
            <section className="charts">
              <figure><figcaption>{t('kpiRateChart')}</figcaption><RateChart kpis={kpis} lang={lang} /></figure>
              <figure><figcaption>{t('kpiAckChart')}</figcaption><AckChart kpis={kpis} lang={lang} /></figure>
            </section>
            <section className="lists">
              <div>
                <h2>{t('kpiTopSources')}</h2>
                <table data-testid="kpi-top"><tbody>{kpis.topSources.map((s) => <tr key={`${s.deviceId}|${s.kind}`}><td>{source(s.deviceId, s.kind)}</td><td>{formatNumber(s.count, lang)}</td><td>{formatNumber(s.sharePct, lang, 1)}%</td></tr>)}</tbody></table>
              </div>
              <div>
                <h2>{t('kpiChatteringList')}</h2>
                {kpis.chattering.length === 0 ? <p className="muted">{t('none')}</p>
                  : <table data-testid="kpi-chattering"><tbody>{kpis.chattering.map((s) => <tr key={`${s.deviceId}|${s.kind}`}><td>{source(s.deviceId, s.kind)}</td><td>{t('kpiInAMinute', { n: formatNumber(s.maxInAMinute, lang) })}</td></tr>)}</tbody></table>}
                <h2>{t('kpiStanding')}</h2>
                {kpis.standing.length === 0 ? <p className="muted">{t('none')}</p>
                  : <table data-testid="kpi-standing"><tbody>{kpis.standing.map((a) => <tr key={a.id} className={a.forS > 24 * 3600 ? 'bad' : ''}><td><span className={`level ${a.level}`}>{LEVEL_LABELS[a.level][lang]}</span></td><td>{source(a.deviceId, a.kind)}</td><td>{duration(a.forS)}</td></tr>)}</tbody></table>}
                <h2>{t('kpiByLevel')}</h2>
                <table data-testid="kpi-levels"><tbody>{[...RESPONSE_LEVELS].reverse().map((l) => <tr key={l}><td><span className={`level ${l}`}>{LEVEL_LABELS[l][lang]}</span></td><td>{formatNumber(kpis.byLevel[l].count, lang)}</td><td>{formatNumber(kpis.byLevel[l].pct, lang, 1)}%</td><td className="muted">{t('kpiTarget')} ≈ {kpis.targets.byLevelPct[l]}%</td></tr>)}</tbody></table>
              </div>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
