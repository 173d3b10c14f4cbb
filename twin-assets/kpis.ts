// The alarm-system KPIs the twin answers (GET /api/kpis/alarms) and the targets ISA-18.2 and EEMUA 191 give
// for them: shared by the server's kernel (sim-server/core/alarmKpis.ts) and the /kpis page.
import { z } from 'zod';
import { ALARM_STATES, RESPONSE_LEVELS, type AlarmState, type ResponseLevel } from './protocol';

/** The targets the standards give, for the page's reference lines. */
export const KPI_TARGETS = {
  /** A flood: more than 10 alarms in 10 minutes at one console. */
  floodPer10Min: 10,
  /** EEMUA 191 / ISA-18.2: about 1 a 10 minutes is very likely acceptable, 2 is the most manageable. */
  per10MinAcceptable: 1, per10MinManageable: 2,
  /** ISA-18.2: under about 1 % of 10-minute periods in flood. */
  floodPct: 1,
  /** Top ten sources: about 1–5 % of all alarms. */
  topTenSharePct: 5,
  /** Level spread (ISA-18.2 for three priorities: ~80 / 15 / 5 %), here for four grades. */
  byLevelPct: { IV: 80, III: 15, II: 4, I: 1 } as Record<ResponseLevel, number>,
  stale: 0, chattering: 0,
};

export interface SourceCount { deviceId: string; kind: string; count: number }
export interface StandingAlarm { id: string; deviceId: string; kind: string; level: ResponseLevel; state: AlarmState; raisedAt: number; forS: number }
export interface AckTimes { raised: number; acked: number; unacked: number; medianS: number | null; p90S: number | null; maxS: number | null }

export interface AlarmKpis {
  from: number; to: number;
  /** Alarms annunciated in the window (raised in it). */
  raised: number;
  /** One operator console: the live room's. */
  per10Min: { start: number; count: number }[];
  averagePer10Min: number; maxPer10Min: number; averagePerHour: number;
  floodPeriods: number; periods: number; floodPct: number;
  standing: StandingAlarm[]; stale: StandingAlarm[];
  chattering: (SourceCount & { maxInAMinute: number })[];
  topSources: (SourceCount & { sharePct: number })[];
  topTenSharePct: number;
  ackTime: Record<ResponseLevel, AckTimes>;
  byLevel: Record<ResponseLevel, { count: number; pct: number }>;
  shelved: number;
  targets: typeof KPI_TARGETS;
}

const MS = z.number().finite();
const LEVELS = <T extends z.ZodType>(v: T) => z.object({ IV: v, III: v, II: v, I: v });
const STANDING = z.object({ id: z.string(), deviceId: z.string(), kind: z.string(), level: z.enum(RESPONSE_LEVELS), state: z.enum(ALARM_STATES), raisedAt: MS, forS: MS });
const SOURCE = { deviceId: z.string(), kind: z.string(), count: z.number().int() };
/** The KPIs as GET /api/kpis/alarms answers them (and from when the history holds alarms). */
export const KPIS_JSON = z.object({
  from: MS, to: MS, raised: z.number().int(), per10Min: z.array(z.object({ start: MS, count: z.number().int() })),
  averagePer10Min: MS, maxPer10Min: MS, averagePerHour: MS, floodPeriods: z.number().int(), periods: z.number().int(), floodPct: MS,
  standing: z.array(STANDING), stale: z.array(STANDING),
  chattering: z.array(z.object({ ...SOURCE, maxInAMinute: z.number().int() })), topSources: z.array(z.object({ ...SOURCE, sharePct: MS })), topTenSharePct: MS,
  ackTime: LEVELS(z.object({ raised: z.number().int(), acked: z.number().int(), unacked: z.number().int(), medianS: MS.nullable(), p90S: MS.nullable(), maxS: MS.nullable() })),
  byLevel: LEVELS(z.object({ count: z.number().int(), pct: MS })), shelved: z.number().int(),
  targets: z.object({ floodPer10Min: MS, per10MinAcceptable: MS, per10MinManageable: MS, floodPct: MS, topTenSharePct: MS, byLevelPct: LEVELS(MS), stale: MS, chattering: MS }),
  historyFrom: MS.nullable(),
}).strict();
