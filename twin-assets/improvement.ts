// The improvement plan's shapes (HSEEP's AAR/IP): a corrective action comes from a drill's rated critical task, has an
// owner (a person) and a due date, and is tracked across drills until it is done; a later drill that rates the same task
// P proposes closing it. One home for what the HTTP API takes and answers and what the pages read.
import { z } from 'zod';
import { LOGIN } from './permissions';
import type { Text } from './labels';

export const CORRECTIVE_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CorrectiveStatus = (typeof CORRECTIVE_STATUSES)[number];
export const CORRECTIVE_STATUS_LABELS: Record<CorrectiveStatus, Text> = {
  open: { zh: '待整改', en: 'Open' }, done: { zh: '整改完成', en: 'Done' }, cancelled: { zh: '已取消', en: 'Cancelled' },
};

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'a real date' });
const TASK = z.string().min(1).max(64);

/** A corrective action as listed (`GET /api/improvement`). `owner` is the person's login, `ownerName` their name;
 * `closeProposed`: a later drill that rated the task P (the product proposes closing; a person decides). */
export const CORRECTIVE_ACTION_JSON = z.object({
  id: z.string().min(1), drillId: z.string().min(1), task: TASK, text: z.string(), owner: z.string(), ownerName: z.string(),
  due: z.string(), status: z.enum(CORRECTIVE_STATUSES), scenarioId: z.string(), team: z.string().nullable(),
  createdAt: z.number(), createdBy: z.string(), updatedAt: z.number(),
  closeProposed: z.object({ drillId: z.string(), createdAt: z.number() }).strict().nullable(),
}).strict();
export type CorrectiveAction = z.infer<typeof CORRECTIVE_ACTION_JSON>;

/** A new corrective action: the drill and task it answers, what is to be done, who and by when; `scenarioId` the
 * scenario that re-drills it (the drill's own when absent). */
export const NEW_CORRECTIVE_ACTION = z.object({
  drillId: z.string().min(1).max(80), task: TASK, text: z.string().trim().min(1).max(500), owner: z.string().regex(LOGIN), due: DAY,
  scenarioId: z.string().min(1).max(128).optional(),
});
export const CORRECTIVE_CHANGE = z.object({
  text: z.string().trim().min(1).max(500).optional(), owner: z.string().regex(LOGIN).optional(), due: DAY.optional(),
  status: z.enum(CORRECTIVE_STATUSES).optional(), scenarioId: z.string().min(1).max(128).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'something to change' });

/** A team's drills with their final ratings, and its corrective actions (`GET /api/teams/<team>`). */
export const TEAM_JSON = z.object({
  team: z.string(),
  drills: z.array(z.object({ drillId: z.string(), scenarioId: z.string(), title: z.object({ zh: z.string(), en: z.string() }), createdAt: z.number(), outcome: z.string(),
    ratings: z.array(z.object({ task: z.string(), rating: z.enum(['P', 'S', 'M', 'U']), given: z.boolean() }).strict()) }).strict()),
  actions: z.array(CORRECTIVE_ACTION_JSON),
}).strict();
export const TEAMS_JSON = z.array(z.object({ team: z.string(), drills: z.number().int(), openActions: z.number().int(), lastDrillAt: z.number().nullable() }).strict());
