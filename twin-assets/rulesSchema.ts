// Alarm rules are data: a file per district. A rule watches one quantity of one device type.
//   above: bands of rising thresholds (gas %LEL, temperature); clears below the lowest band minus the deadband
//   below: bands of falling thresholds (hydrant pressure); clears above the highest band plus the deadband
//   flag:  a boolean the device reports itself (smoke alarm, fall, SOS); clears when it reports false
//   rate:  a rise faster than `perMinute` between two readings (rate-of-rise heat detection)
// Every rule may wait `onDelayMs` before raising and `offDelayMs` before clearing, so a brief spike or
// dip does not chatter. Device faults (offline, low battery, stuck value), grading, escalation and
// flood detection are set once for the district.
import { z } from 'zod';
import { DEVICE_TYPES, QUANTITIES } from './deviceCatalog';
import { LINKAGE_TIERS, RESPONSE_LEVELS } from './protocol';

const level = z.enum(RESPONSE_LEVELS);
const band = z.object({ level, at: z.number() });
const ms = z.number().int().min(0).max(24 * 3600_000);
const base = {
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  deviceType: z.enum(DEVICE_TYPES),
  quantity: z.string(),
  kind: z.string().regex(/^[a-z_]{1,40}$/),
  onDelayMs: ms.default(0),
  offDelayMs: ms.default(0),
  /** Suppressed by design while the device is offline (its reading cannot be trusted). Never for a life-safety
   * kind: a detector that goes silent in a fire is exactly when its alarm must stay loud. */
  suppressWhenOffline: z.boolean().default(false),
};

/** Alarms that stay active, and escalate on their clock, whatever becomes of the device that raised them. */
export const LIFE_SAFETY_KINDS = ['gas_leak', 'fire', 'smoke', 'sprinkler_flow', 'flood', 'fall', 'sos', 'elevator_entrapment'] as const;

export const Rule = z.discriminatedUnion('when', [
  z.object({ ...base, when: z.literal('above'), bands: z.array(band).min(1), deadband: z.number().min(0).default(0) }),
  z.object({ ...base, when: z.literal('below'), bands: z.array(band).min(1), deadband: z.number().min(0).default(0) }),
  z.object({ ...base, when: z.literal('flag'), level }),
  z.object({ ...base, when: z.literal('rate'), perMinute: z.number().positive(), level }),
]);

const perLevel = <T extends z.ZodTypeAny>(t: T) => z.object({ IV: t, III: t, II: t, I: t });

export const RuleSet = z.object({
  tiersByLevel: z.record(level, z.array(z.enum(LINKAGE_TIERS)).min(1)),
  rules: z.array(Rule),
  /** Unacknowledged this long, an alarm escalates one level and its tiers are notified again. */
  escalation: z.object({ afterMs: perLevel(ms.min(1000)), maxRounds: z.number().int().min(0).max(20) })
    .default({ afterMs: { IV: 600_000, III: 300_000, II: 180_000, I: 120_000 }, maxRounds: 5 }),
  faults: z.object({
    /** Offline when nothing is heard for this many report intervals. */
    heartbeatMissedFactor: z.number().min(1).default(3),
    lowBatteryPct: z.number().min(0).max(100).default(20),
    /** Stuck when a noisy quantity repeats exactly this many readings in a row. */
    stuckReadings: z.number().int().min(3).default(30),
    stuckQuantities: z.array(z.string()).default([]),
  }).default({ heartbeatMissedFactor: 3, lowBatteryPct: 20, stuckReadings: 30, stuckQuantities: [] }),
  grading: z.object({
    /** Kinds where a vulnerable household (elderly living alone, disabled) raises the grade. */
    vulnerableKinds: z.array(z.string()).default([]),
    /** Other open alarms in the same building (or courtyard) within the window that raise the grade. */
    spreadBuilding: z.number().int().min(1).default(2),
    spreadCourtyard: z.number().int().min(1).default(4),
    spreadWindowMs: ms.default(600_000),
  }).default({ vulnerableKinds: [], spreadBuilding: 2, spreadCourtyard: 4, spreadWindowMs: 600_000 }),
  /** ISA-18.2 alarm flood: more than `alarms` raised within `windowMs`. */
  flood: z.object({ alarms: z.number().int().min(1), windowMs: ms }).default({ alarms: 10, windowMs: 600_000 }),
}).superRefine((set, ctx) => {
  const ids = new Set<string>();
  set.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
    if (rule.suppressWhenOffline && (LIFE_SAFETY_KINDS as readonly string[]).includes(rule.kind)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'suppressWhenOffline'], message: `a ${rule.kind} alarm is life safety: it is never suppressed when its device goes offline` });
    ids.add(rule.id);
    const spec = QUANTITIES[rule.deviceType][rule.quantity];
    if (!spec) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'quantity'], message: `"${rule.quantity}" is not a quantity of ${rule.deviceType}` });
    } else if ((spec.kind === 'boolean') !== (rule.when === 'flag')) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'when'], message: `"${rule.when}" does not fit the ${spec.kind} quantity ${rule.quantity}` });
    }
    if (rule.when === 'above' || rule.when === 'below') {
      const ordered = rule.bands.every((b, k) => k === 0 ||
        (rule.when === 'above' ? b.at > rule.bands[k - 1]!.at : b.at < rule.bands[k - 1]!.at));
      if (!ordered) ctx.addIssue({ code: 'custom', path: ['rules', i, 'bands'], message: `bands must go from least to most severe (${rule.when === 'above' ? 'rising' : 'falling'} thresholds)` });
    }
  });
  for (const l of RESPONSE_LEVELS) {
    if (!set.tiersByLevel[l]) ctx.addIssue({ code: 'custom', path: ['tiersByLevel', l], message: 'expected the tiers of every level' });
  }
});

export type Rule = z.infer<typeof Rule>;
export type RuleSet = z.infer<typeof RuleSet>;

/** The thresholds of a device type's rules, for drawing on its readings: each band of `above` and `below` rules. */
export function deviceThresholds(rules: RuleSet, type: string): { quantity: string; when: 'above' | 'below'; level: string; at: number }[] {
  return rules.rules.flatMap((r) => (r.deviceType === type && (r.when === 'above' || r.when === 'below') ? r.bands.map((b) => ({ quantity: r.quantity, when: r.when, level: b.level, at: b.at })) : []));
}
