// The street centre's desk of residents' hazard reports: where a report is, the triage that moves it on,
// rectification with an after photo. Pure: `now` comes in; the pipeline journals and announces.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { Actor } from '../../twin-assets/protocol';
import { fromWgs84, insidePolygon } from '../../twin-assets/geo';
import { REPORT_FINISHED, type HazardReport, type ReportCategory, type ReportPhoto, type ReportStatus, type ReportTriage } from '../../twin-assets/reports';

/** A point this far from every building is not in the district. */
const DISTRICT_MARGIN_M = 300;
/** A tap this close to a building is taken as that building. */
const NEAR_BUILDING_M = 25;
/** Finished reports kept in memory for the console and status checks; the journal keeps them all. */
const KEPT_FINISHED = 2000;

export type DeskRefusal = { ok: false; code: 'not_found' | 'wrong_state' | 'bad_place'; message: string };
export type DeskResult = { ok: true; report: HazardReport; accepted: boolean } | DeskRefusal;

export interface NewReport {
  category: ReportCategory; text: string; photo: ReportPhoto;
  buildingId?: string | undefined; lat?: number | undefined; lon?: number | undefined;
}

export class ReportDesk {
  private readonly reports = new Map<string, HazardReport>();
  private readonly perDay = new Map<string, number>();

  constructor(private readonly index: DistrictIndex) {}

  /** Reports from the journal, at start. */
  restore(reports: HazardReport[]): void {
    for (const r of reports) {
      this.reports.set(r.id, r);
      const [day, n] = r.id.slice(1).split('-');
      this.perDay.set(day!, Math.max(this.perDay.get(day!) ?? 0, Number(n)));
    }
  }

  get(id: string): HazardReport | undefined { return this.reports.get(id); }

  /** Newest first. */
  list(): HazardReport[] { return [...this.reports.values()].sort((a, b) => b.submittedAt - a.submittedAt); }

  /** Where a report is: the building named, or the building at (or next to) the point. */
  locate(r: Pick<NewReport, 'buildingId' | 'lat' | 'lon'>): { ok: true; place: HazardReport['place'] } | DeskRefusal {
    if (r.buildingId !== undefined) {
      const b = this.index.buildings.get(r.buildingId);
      if (!b) return { ok: false, code: 'bad_place', message: `no building "${r.buildingId.slice(0, 64)}" in this district` };
      return { ok: true, place: { buildingId: b.id, courtyardId: b.courtyardId ?? null, x: b.x, y: b.y } };
    }
    const p = fromWgs84(this.index.district.origin, { lat: r.lat!, lon: r.lon! });
    let nearest: { id: string; courtyardId: string | null; d: number } | null = null;
    for (const b of this.index.buildings.values()) {
      const d = insidePolygon(p, b.footprint) ? 0 : Math.hypot(b.x - p.x, b.y - p.y) - Math.max(b.width, b.depth) / 2;
      if (!nearest || d < nearest.d) nearest = { id: b.id, courtyardId: b.courtyardId ?? null, d };
    }
    if (!nearest || nearest.d > DISTRICT_MARGIN_M) return { ok: false, code: 'bad_place', message: 'that place is outside this district' };
    const near = nearest.d <= NEAR_BUILDING_M;
    return { ok: true, place: { buildingId: near ? nearest.id : null, courtyardId: near ? nearest.courtyardId : null, x: p.x, y: p.y } };
  }

  submit(r: NewReport, now: number): { ok: true; report: HazardReport } | DeskRefusal {
    const located = this.locate(r);
    if (!located.ok) return located;
    const day = localDay(now, this.index.district.utcOffsetMinutes);
    const n = (this.perDay.get(day) ?? 0) + 1;
    this.perDay.set(day, n);
    const report: HazardReport = {
      id: `R${day}-${String(n).padStart(4, '0')}`, category: r.category, text: r.text, place: located.place, photo: r.photo, afterPhoto: null,
      status: 'submitted', submittedAt: now, updatedAt: now, duplicateOf: null, assignee: null, history: [{ at: now, to: 'submitted', by: null }],
    };
    this.reports.set(report.id, report);
    this.forgetOldFinished();
    return { ok: true, report: structuredClone(report) };
  }

  /** `accepted` is true when this triage accepted the report: the moment the tiers are told. */
  triage(id: string, t: ReportTriage, by: Actor, now: number): DeskResult {
    const r = this.reports.get(id);
    if (!r) return notFound(id);
    const wrong = (what: string) => ({ ok: false, code: 'wrong_state', message: `report ${id} is ${r.status}: it cannot be ${what}` } as const);
    switch (t.action) {
      case 'accept':
        if (r.status !== 'submitted') return wrong('accepted');
        this.move(r, 'accepted', by, now);
        return { ok: true, report: structuredClone(r), accepted: true };
      case 'reject':
        if (r.status !== 'submitted' && r.status !== 'accepted') return wrong('rejected');
        this.move(r, 'rejected', by, now, t.reason);
        return { ok: true, report: structuredClone(r), accepted: false };
      case 'duplicate': {
        if (r.status !== 'submitted') return wrong('marked a duplicate');
        if (t.of === id) return { ok: false, code: 'wrong_state', message: 'a report cannot be a duplicate of itself' };
        const original = this.reports.get(t.of);
        if (!original) return notFound(t.of);
        r.duplicateOf = original.id;
        this.move(r, 'duplicate', by, now, original.id);
        return { ok: true, report: structuredClone(r), accepted: false };
      }
      case 'assign': {
        if (r.status !== 'submitted' && r.status !== 'accepted') return wrong('assigned');
        const worker = this.gridWorkerOf(r);
        if (!worker) return { ok: false, code: 'wrong_state', message: `report ${id} is in no grid (not at a building of a courtyard): accept it and send someone by hand` };
        const accepted = r.status === 'submitted';
        if (accepted) this.move(r, 'accepted', by, now);
        r.assignee = worker;
        this.move(r, 'assigned', by, now, worker.name);
        return { ok: true, report: structuredClone(r), accepted };
      }
    }
  }

  /** The hazard put right, shown by an after photo. */
  rectify(id: string, afterPhoto: ReportPhoto, by: Actor, note: string, now: number): DeskResult {
    const r = this.reports.get(id);
    if (!r) return notFound(id);
    if (r.status !== 'accepted' && r.status !== 'assigned') return { ok: false, code: 'wrong_state', message: `report ${id} is ${r.status}: only an accepted or assigned report can be put right` };
    r.afterPhoto = afterPhoto;
    this.move(r, 'rectified', by, now, note || undefined);
    return { ok: true, report: structuredClone(r), accepted: false };
  }

  private gridWorkerOf(r: HazardReport): { name: string; phone: string } | null {
    const courtyard = r.place.courtyardId ? this.index.courtyards.get(r.place.courtyardId) : undefined;
    const grid = courtyard ? this.index.grids.get(courtyard.gridId) : undefined;
    return grid ? { ...grid.worker } : null;
  }

  private move(r: HazardReport, to: ReportStatus, by: Actor, now: number, note?: string): void {
    r.status = to;
    r.updatedAt = now;
    r.history.push({ at: now, to, by: by.name, byId: by.id, ...(note ? { note } : {}) });
  }

  private forgetOldFinished(): void {
    const finished = [...this.reports.values()].filter((r) => REPORT_FINISHED.includes(r.status));
    if (finished.length <= KEPT_FINISHED) return;
    finished.sort((a, b) => a.updatedAt - b.updatedAt);
    for (const r of finished.slice(0, finished.length - KEPT_FINISHED)) this.reports.delete(r.id);
  }
}

const notFound = (id: string): DeskRefusal => ({ ok: false, code: 'not_found', message: `no report "${id.slice(0, 64)}"` });

/** The district's calendar day of an instant, "20261202". */
function localDay(now: number, offsetMinutes: number): string {
  return new Date(now + offsetMinutes * 60_000).toISOString().slice(0, 10).replace(/-/g, '');
}
