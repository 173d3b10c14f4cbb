// The scenario format's small fields, shared by the file's schema (schema.ts) and each hazard's entry
// (hazards/define.ts), which would otherwise import each other: ids, texts, times, the weather and
// how a drill ends.
import { z } from 'zod';

export const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected an id of letters, digits, "_", "." or "-"');
export const text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
/** A time within a scenario: at most a day. */
export const seconds = z.number().min(0).max(24 * 3600);

import { ACTIONS } from './actions';

export const weather = z.object({ windMps: z.number().min(0).max(60), stability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']), tempC: z.number().min(-40).max(50) });

/** Resolved when a hazard has been made safe and its gas (%LEL) or water (m) falls below a mark, or once an
 * action (or every one of a list) is done: a casualty handed over; a fire out and the flat aired. */
export const resolveWhen = z.union([
  z.object({ hazard: id, belowPercentLel: z.number().min(0).max(100) }),
  z.object({ hazard: id, belowLevelM: z.number().min(0) }),
  z.object({ hazard: id, afterAction: z.union([z.enum(ACTIONS), z.array(z.enum(ACTIONS)).min(1)]) }),
]);
