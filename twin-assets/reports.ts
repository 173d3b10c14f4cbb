// Residents' hazard reports (隐患随手拍): what a report is, the states it goes through, and the words a
// person reads for each. Shared by the server, the phone page and the operator's console.
import { z } from 'zod';
import { STRINGS, type Lang } from './labels';

export const REPORT_CATEGORIES = ['ebike_charging', 'fire_lane_blocked', 'gas_smell', 'water_leak', 'blocked_exit', 'electrical', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** submitted → accepted → assigned → rectified; or rejected, or a duplicate of another. */
export const REPORT_STATUSES = ['submitted', 'accepted', 'assigned', 'rectified', 'rejected', 'duplicate'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** A report no one need act on any more. */
export const REPORT_FINISHED: readonly ReportStatus[] = ['rectified', 'rejected', 'duplicate'];

export const REPORT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** Photo formats phones send; SVG is refused (it can carry script). */
export const REPORT_PHOTO_TYPES = ['jpg', 'png', 'webp', 'heic', 'heif', 'avif', 'gif'] as const;

export interface ReportPhoto { file: string; type: string; width: number; height: number; bytes: number }

export interface HazardReport {
  /** Read aloud over the phone: R + date + number of the day, "R20261202-0007". */
  id: string;
  category: ReportCategory;
  text: string;
  place: { buildingId: string | null; courtyardId: string | null; x: number; y: number };
  photo: ReportPhoto;
  afterPhoto: ReportPhoto | null;
  status: ReportStatus;
  submittedAt: number;
  updatedAt: number;
  duplicateOf: string | null;
  /** The grid worker sent to it. */
  assignee: { name: string; phone: string } | null;
  history: { at: number; to: ReportStatus; by: string | null; byId?: string; note?: string }[];
}

export const REPORT_CATEGORY_LABELS: Record<ReportCategory, Record<Lang, string>> = {
  ebike_charging: { zh: '电动车楼道充电', en: 'E-bike charging indoors' },
  fire_lane_blocked: { zh: '消防通道堵塞', en: 'Fire lane blocked' },
  gas_smell: { zh: '有燃气味', en: 'Smell of gas' },
  water_leak: { zh: '管道漏水', en: 'Leaking pipe' },
  blocked_exit: { zh: '安全出口堵塞', en: 'Exit blocked' },
  electrical: { zh: '私拉乱接电线', en: 'Unsafe wiring' },
  other: { zh: '其他隐患', en: 'Other hazard' },
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, Record<Lang, string>> = {
  submitted: { zh: '已提交，待受理', en: 'Sent, waiting to be looked at' },
  accepted: { zh: '已受理', en: 'Accepted' },
  assigned: { zh: '已派网格员处置', en: 'A grid worker is on it' },
  rectified: { zh: '已整改', en: 'Put right' },
  rejected: { zh: STRINGS.reportReject.zh, en: 'Not taken up' },
  duplicate: { zh: '重复上报（已合并）', en: 'Already reported (merged)' },
};

const idText = z.string().min(1).max(64);
/** An operator's triage of a report. */
export const REPORT_TRIAGE = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(200) }),
  z.object({ action: z.literal('duplicate'), of: idText }),
  /** Sends the grid worker of the report's place (accepting it first, if need be). */
  z.object({ action: z.literal('assign') }),
]);
export type ReportTriage = z.infer<typeof REPORT_TRIAGE>;
export const REPORT_TRIAGE_SHAPE = 'triage needs {"action": "accept"}, {"action": "reject", "reason"}, {"action": "duplicate", "of": "<report id>"} or {"action": "assign"}';

/** The fields of the phone form (the photo apart). */
export const REPORT_FIELDS = z.object({
  category: z.enum(REPORT_CATEGORIES),
  text: z.string().trim().max(500).default(''),
  buildingId: idText.optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
}).refine((f) => f.buildingId !== undefined || (f.lat !== undefined && f.lon !== undefined), { message: 'say where: "buildingId", or "lat" and "lon"' });
export type ReportFields = z.infer<typeof REPORT_FIELDS>;

/** What anyone with the id may see: no text, no photo, no names. */
export function publicReport(r: HazardReport) {
  return {
    id: r.id, category: r.category, status: r.status, submittedAt: r.submittedAt, updatedAt: r.updatedAt,
    place: { buildingId: r.place.buildingId, courtyardId: r.place.courtyardId }, duplicateOf: r.duplicateOf,
    history: r.history.map((h) => ({ at: h.at, to: h.to })),
  };
}

const MS = z.number().finite();
const PHOTO = z.object({ file: z.string().regex(/^[\w-]+\.\w+$/), type: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() });
const ASSIGNEE = z.object({ name: z.string(), phone: z.string() });
/** A resident's report in full (staff whose scope covers it; the journal keeps it so), and its public view
 * (the resident's: no text, photo, or who). */
export const REPORT_JSON = z.object({
  id: z.string().min(1), category: z.enum(REPORT_CATEGORIES), text: z.string(),
  place: z.object({ buildingId: z.string().nullable(), courtyardId: z.string().nullable(), x: MS, y: MS }),
  photo: PHOTO, afterPhoto: PHOTO.nullable(), status: z.enum(REPORT_STATUSES), submittedAt: MS, updatedAt: MS,
  duplicateOf: z.string().nullable(), assignee: ASSIGNEE.nullable(),
  history: z.array(z.object({ at: MS, to: z.enum(REPORT_STATUSES), by: z.string().nullable(), byId: z.string().optional(), note: z.string().optional() })),
});
export const REPORT_PUBLIC_JSON = z.object({
  id: z.string().min(1), category: z.enum(REPORT_CATEGORIES), status: z.enum(REPORT_STATUSES), submittedAt: MS, updatedAt: MS,
  place: z.object({ buildingId: z.string().nullable(), courtyardId: z.string().nullable() }), duplicateOf: z.string().nullable(),
  history: z.array(z.object({ at: MS, to: z.enum(REPORT_STATUSES) })),
}).strict();
