// What a journal line may hold, decoded with zod at start: a line of the wrong shape stops the start
// with its line number rather than bringing back half an alarm.
import { z } from 'zod';
import { ALARM_JSON, RESPONSE_LEVELS, TASK_JSON, TRANSITION_JSON } from '../../twin-assets/protocol';
import { REPORT_JSON, type HazardReport } from '../../twin-assets/reports';
import type { StoredAlarm } from '../core/alarmEngine';
import type { Task } from '../core/dispatch';
import type { CommandRecord } from '../core/commands';

const level = z.enum(RESPONSE_LEVELS);
const ms = z.number().finite();

const alarmJson = ALARM_JSON;

/** `by` names who acted for a person to read; `byId` is who it was (records before accounts have none). */
const transition = TRANSITION_JSON;

export const storedAlarm = z.object({
  alarm: alarmJson, ruleId: z.string(), history: z.array(transition), baseLevel: level, factors: z.array(z.string()),
  escalations: z.number().int(), escalateAt: ms.nullable(), round: z.number().int(), conditionActive: z.boolean(), shelvedUntil: ms.nullable(),
});

export const task = TASK_JSON;

export const hazardReport = REPORT_JSON;

export const command = z.object({
  reqId: z.string().min(1), deviceId: z.string().min(1), cmd: z.string(), by: z.string(), byId: z.string(), sentAt: ms,
  state: z.enum(['sent', 'done', 'refused', 'timed_out']), answeredAt: ms.nullable(), result: z.string().nullable(),
});

export const journalRecord = z.discriminatedUnion('t', [
  z.object({ t: z.literal('alarm'), at: ms, s: storedAlarm }),
  z.object({ t: z.literal('service'), at: ms, deviceId: z.string().min(1), outOfService: z.boolean(), by: z.string(), byId: z.string().optional(), reason: z.string().optional() }),
  z.object({ t: z.literal('task'), at: ms, task }),
  z.object({ t: z.literal('report'), at: ms, report: hazardReport }),
  /** A command sent to a device, then its answer (or its silence): for the history; a restart does not resend it. */
  z.object({ t: z.literal('command'), at: ms, command }),
]);

export type JournalRecord =
  | { t: 'alarm'; at: number; s: StoredAlarm }
  | { t: 'service'; at: number; deviceId: string; outOfService: boolean; by: string; byId?: string; reason?: string }
  | { t: 'task'; at: number; task: Task }
  | { t: 'report'; at: number; report: HazardReport }
  | { t: 'command'; at: number; command: CommandRecord };

/** The state a snapshot holds: everything a restart needs, so the journal behind it can be let go. */
export const snapshot = z.object({
  v: z.literal(1),
  at: ms,
  /** Bytes of the journal already folded into this snapshot: replay starts there. */
  journalOffset: z.number().int().nonnegative(),
  /** The line that ends at journalOffset (its number and SHA-256): a journal edited by hand since no longer matches. */
  lastLine: z.object({ line: z.number().int().positive(), sha256: z.string() }).nullable().default(null),
  /** When the journal file behind it began (0: before segments were named); the history's position names it. */
  segment: ms.default(0),
  alarms: z.array(storedAlarm),
  tasks: z.array(task),
  outOfService: z.array(z.string()),
  /** Who took each device out of service, when and why. */
  serviceNotes: z.record(z.string(), z.object({ at: ms, by: z.string(), byId: z.string().optional(), reason: z.string() })).default({}),
  lastHeard: z.record(z.string(), ms),
  /** Residents' reports: the open ones and the latest finished ones (older ones stay in archive/). */
  reports: z.array(hazardReport).default([]),
});
export type Snapshot = Omit<z.infer<typeof snapshot>, 'alarms' | 'tasks' | 'reports'> & { alarms: StoredAlarm[]; tasks: Task[]; reports: HazardReport[] };

/** One line for a person: the first problem zod found, with where in the record it is. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}
