// Residents' hazard reports on the operator's console: the open ones, newest first; one opened shows its
// photo and text (operators only) and the triage that moves it on, through the API with the operator token.
import { useEffect, useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { indexDistrict, reportPlaceName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { REPORT_CATEGORY_LABELS, REPORT_STATUS_LABELS, type HazardReport, type ReportCategory, type ReportStatus } from '../../twin-assets/reports';
import { useLang } from '../i18n';
import { api, apiBlob, type BodyOf } from '../net/api';
import type { ReportRow } from '../net/liveRoom';
import { viewStore } from '../state/viewStore';
import { formatTime } from '../format';

export function ReportsPanel({ district, reports, canAct, selected, onSelect }: {
  district: District; reports: ReportRow[]; canAct: boolean; selected: string | null; onSelect(id: string | null): void;
}) {
  const { lang, t } = useLang();
  const index = useMemo(() => indexDistrict(district), [district]);
  return (
    <section className="reports-panel" data-testid="reports-panel">
      <h2>{t('reportTitle')} <span className="muted">{reports.length}</span></h2>
      {reports.length === 0 ? <div className="empty">{t('noReports')}</div> : (
        <ul className="reports">
          {reports.map((r) => (
            <li key={r.id} className={`report ${r.status}${selected === r.id ? ' open' : ''}`} data-testid="report-row" data-report={r.id}>
              <button className="report-head" onClick={() => { onSelect(selected === r.id ? null : r.id); viewStore.flyTo(r.x, r.y, 0, 140); }}>
                <span className="what">{REPORT_CATEGORY_LABELS[r.category as ReportCategory]?.[lang] ?? r.category}</span>
                <span className={`badge status-${r.status}`}>{REPORT_STATUS_LABELS[r.status as ReportStatus]?.[lang] ?? r.status}</span>
                <span className="where">{reportPlaceName(index, r, lang)} · {formatTime(r.submittedAt, lang)}{r.assignee ? ` · ${t('assignee')} ${r.assignee}` : ''}</span>
              </button>
              {selected === r.id && <ReportDetail row={r} canAct={canAct} others={reports.filter((o) => o.id !== r.id)} index={index} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportDetail({ row, canAct, others, index }: { row: ReportRow; canAct: boolean; others: ReportRow[]; index: DistrictIndex }) {
  const { lang, t } = useLang();
  const [report, setReport] = useState<HazardReport | null>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [dupOf, setDupOf] = useState('');
  useEffect(() => {
    if (!canAct) return;
    let url: string | null = null;
    const params = { reportId: row.id };
    void api('getApiReportsByReportId', { params }).then((r) => { if (r.ok && 'text' in r.data) setReport(r.data); });
    void apiBlob('getApiReportsByReportIdPhotoByWhich', { params: { ...params, which: 'before' } }).then((b) => { if (b) setPhoto(url = URL.createObjectURL(b)); });
    return () => { if (url) URL.revokeObjectURL(url); };
  }, [row.id, row.status, canAct]);
  if (!canAct) return <p className="muted report-body">{t('reportOperatorsOnly')}</p>;

  const act = async (body: BodyOf<'postApiReportsByReportIdTriage'>) => {
    setError(null);
    const r = await api('postApiReportsByReportIdTriage', { params: { reportId: row.id }, body });
    if (r.ok) setReport(r.data); else setError(r.error);
  };
  const rectify = async (file: File) => {
    const form = new FormData();
    form.set('photo', file, file.name);
    form.set('note', reason);
    const r = await api('postApiReportsByReportIdRectify', { params: { reportId: row.id }, raw: form });
    if (!r.ok) setError(r.error);
  };
  return (
    <div className="report-body" data-testid="report-detail">
      {photo && <img src={photo} alt={t('reportPhoto')} className="report-photo" data-testid="report-photo" />}
      {report?.text && <p className="report-text">{report.text}</p>}
      <div className="report-actions">
        {row.status === 'submitted' && <button onClick={() => void act({ action: 'accept' })} data-testid="report-accept">{t('reportAccept')}</button>}
        {(row.status === 'submitted' || row.status === 'accepted') && <button onClick={() => void act({ action: 'assign' })} data-testid="report-assign">{t('reportAssign')}</button>}
        {row.status === 'submitted' && others.length > 0 && (
          <span className="inline">
            <select value={dupOf} onChange={(e) => setDupOf(e.target.value)} aria-label={t('reportDuplicateOf')}>
              <option value="">{t('reportDuplicateOf')}</option>
              {others.map((o) => <option key={o.id} value={o.id}>{REPORT_CATEGORY_LABELS[o.category as ReportCategory]?.[lang]} · {reportPlaceName(index, o, lang)}</option>)}
            </select>
            <button disabled={!dupOf} onClick={() => void act({ action: 'duplicate', of: dupOf })}>{t('reportMerge')}</button>
          </span>
        )}
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('reportReasonOrNote')} aria-label={t('reportReasonOrNote')} />
        {(row.status === 'submitted' || row.status === 'accepted') && <button disabled={!reason.trim()} onClick={() => void act({ action: 'reject', reason })}>{t('reportReject')}</button>}
        {(row.status === 'accepted' || row.status === 'assigned') && (
          <label className="button" data-testid="report-rectify">{t('reportRectified')}
            <input type="file" accept="image/*" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) void rectify(f); }} />
          </label>
        )}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
