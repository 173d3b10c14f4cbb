// /report — a resident's phone page, no login: photograph a hazard, say what it is, tap the building on
// the map (or pick it from the list, or use where the phone is), send; then follow it by its number.
import { CameraIcon, DoneIcon, PinIcon } from '../panels/Icons';
import { useEffect, useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, REPORT_PHOTO_MAX_BYTES, REPORT_STATUS_LABELS, type ReportCategory, type ReportStatus } from '../../twin-assets/reports';
import { useLang } from '../i18n';
import { api } from '../net/api';
import { fetchDistrict } from '../net/district';
import { LangToggle } from '../panels/LangToggle';
import { usePageTitle } from '../pageTitle';
import { BuildingMap } from './BuildingMap';
import { formatTime } from '../format';

type Place = { buildingId: string } | { lat: number; lon: number };
interface Status { id: string; status: ReportStatus; category: ReportCategory; submittedAt: number; history: { at: number; to: ReportStatus }[] }

export function ReportApp() {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [place, setPlace] = useState<Place | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const preview = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => { if (preview) URL.revokeObjectURL(preview); }, [preview]);
  useEffect(() => { fetchDistrict().then(setDistrict, () => setError(t('reportOffline'))); }, [t]);
  usePageTitle(`${t('reportTitle')}${district ? ` · ${district.name[lang]}` : ''}`);

  const buildingName = (id: string) => {
    const b = district?.buildings.find((x) => x.id === id);
    const c = b?.courtyardId ? district?.courtyards.find((x) => x.id === b.courtyardId) : undefined;
    return [c?.name[lang], b?.name[lang]].filter(Boolean).join(' ');
  };
  const missing = !category ? t('reportNeedKind') : !photo ? t('reportNeedPhoto') : !place ? t('reportNeedPlace') : null;

  const send = async () => {
    if (missing || !category || !photo || !place) return;
    setSending(true); setError(null);
    const form = new FormData();
    form.set('category', category);
    form.set('text', text);
    if ('buildingId' in place) form.set('buildingId', place.buildingId);
    else { form.set('lat', String(place.lat)); form.set('lon', String(place.lon)); }
    form.set('photo', photo, photo.name);
    const r = await api('postApiReports', { raw: form });
    if (r.ok) setSent(r.data.id); else setError(r.status === 0 ? t('reportOffline') : refusal(r.status, t));
    setSending(false);
  };

  return (
    <div className="report-page" data-testid="report-page">
      <header>
        <h1>{t('reportTitle')}</h1>
        <LangToggle />
      </header>
      {sent ? <Sent id={sent} /> : (
        <main>
          <section>
            <h2>{t('reportKind')}</h2>
            <div className="chips" role="radiogroup">
              {REPORT_CATEGORIES.map((c) => (
                <button key={c} role="radio" aria-checked={category === c} className={category === c ? 'on' : ''} onClick={() => setCategory(c)} data-testid={`category-${c}`}>{REPORT_CATEGORY_LABELS[c][lang]}</button>
              ))}
            </div>
          </section>
          <section>
            <h2>{t('reportPhoto')}</h2>
            <label className="photo-pick">
              {preview ? <img src={preview} alt={t('reportPhoto')} data-testid="photo-preview" /> : <span><CameraIcon /> {t('reportTakePhoto')}</span>}
              <input type="file" accept="image/*" capture="environment" data-testid="photo-input" onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                if (f && f.size > REPORT_PHOTO_MAX_BYTES) { setError(t('reportTooLarge')); return; }
                setError(null); setPhoto(f);
              }} />
            </label>
          </section>
          <section>
            <h2>{t('reportWhere')}</h2>
            {district && <BuildingMap district={district} selected={place && 'buildingId' in place ? place.buildingId : null} onPick={(buildingId) => setPlace({ buildingId })} />}
            <select value={place && 'buildingId' in place ? place.buildingId : ''} onChange={(e) => setPlace(e.target.value ? { buildingId: e.target.value } : null)} data-testid="building-select" aria-label={t('reportPickBuilding')}>
              <option value="">{t('reportPickBuilding')}</option>
              {district?.courtyards.map((c) => {
                const bs = district.buildings.filter((b) => b.courtyardId === c.id);
                return bs.length ? <optgroup key={c.id} label={c.name[lang]}>{bs.map((b) => <option key={b.id} value={b.id}>{b.name[lang]}</option>)}</optgroup> : null;
              })}
            </select>
            <button className="secondary" onClick={() => navigator.geolocation?.getCurrentPosition(
              (p) => setPlace({ lat: p.coords.latitude, lon: p.coords.longitude }), () => setError(t('reportNoLocation')), { enableHighAccuracy: true, timeout: 15_000 })}>
              <PinIcon /> {t('reportUseLocation')}
            </button>
            <p className="picked" data-testid="picked-place">{!place ? '' : 'buildingId' in place ? buildingName(place.buildingId) : t('reportMyLocation')}</p>
          </section>
          <section>
            <h2>{t('reportDescribe')}</h2>
            <textarea value={text} maxLength={500} rows={3} onChange={(e) => setText(e.target.value)} placeholder={t('reportDescribeHint')} data-testid="report-text" />
          </section>
          {error && <p className="error" role="alert" data-testid="report-error">{error}</p>}
          <button className="send" disabled={sending || missing !== null} onClick={() => void send()} data-testid="report-send">{sending ? t('reportSending') : missing ?? t('reportSend')}</button>
          <StatusLookup />
        </main>
      )}
    </div>
  );
}

function refusal(status: number, t: ReturnType<typeof useLang>['t']): string {
  return status === 413 ? t('reportTooLarge') : status === 415 ? t('reportNotImage') : status === 429 ? t('reportTooMany') : status === 422 ? t('reportOutside') : t('reportFailed');
}

function Sent({ id }: { id: string }) {
  const { t } = useLang();
  return (
    <main className="sent" data-testid="report-sent">
      <p className="big"><DoneIcon /> {t('reportThanks')}</p>
      <p>{t('reportYourNumber')}</p>
      <p className="number" data-testid="report-id">{id}</p>
      <p className="muted">{t('reportKeepNumber')}</p>
      <StatusLookup initial={id} />
      <a href="/report">{t('reportAnother')}</a>
    </main>
  );
}

/** Where a report stands, by its number: no login, no personal data. */
function StatusLookup({ initial = '' }: { initial?: string }) {
  const { lang, t } = useLang();
  const [id, setId] = useState(initial);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const look = async (which: string) => {
    setError(null);
    const r = await api('getApiReportsByReportId', { params: { reportId: which.trim() } });
    if (!r.ok) { setStatus(null); setError(t('reportNoSuch')); return; }
    setStatus(r.data);
  };
  useEffect(() => { if (initial) void look(initial); }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="lookup">
      <h2>{t('reportLookup')}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void look(id); }}>
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="R20261202-0001" aria-label={t('reportLookup')} data-testid="lookup-id" />
        <button type="submit">{t('reportCheck')}</button>
      </form>
      {error && <p className="error">{error}</p>}
      {status && (
        <div data-testid="report-status">
          <p className="status">{REPORT_STATUS_LABELS[status.status][lang]}</p>
          <ol className="history">{status.history.map((h, i) => <li key={i}><time>{formatTime(h.at, lang)}</time> {REPORT_STATUS_LABELS[h.to][lang]}</li>)}</ol>
        </div>
      )}
    </section>
  );
}
