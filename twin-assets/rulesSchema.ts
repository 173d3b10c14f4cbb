// Alarm rules are data: a file per district. A rule watches one quantity of one device type.
//   above: bands of rising thresholds (gas %LEL, temperature); clears below the lowest band minus the deadband
//   below: bands of falling thresholds (hydrant pressure); clears above the highest band plus the deadband
//   flag:  a boolean the device reports itself (smoke alarm, fall, SOS); clears when it reports false
import { z } from 'zod';
import { DEVICE_TYPES, QUANTITIES } from './deviceCatalog';
import { LINKAGE_TIERS, RESPONSE_LEVELS } from './protocol';

const level = z.enum(RESPONSE_LEVELS);
const band = z.object({ level, at: z.number() });
const base = {
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  deviceType: z.enum(DEVICE_TYPES),
  quantity: z.string(),
  kind: z.string().regex(/^[a-z_]{1,40}$/),
};

export const Rule = z.discriminatedUnion('when', [
  z.object({ ...base, when: z.literal('above'), bands: z.array(band).min(1), deadband: z.number().min(0).default(0) }),
  z.object({ ...base, when: z.literal('below'), bands: z.array(band).min(1), deadband: z.number().min(0).default(0) }),
  z.object({ ...base, when: z.literal('flag'), level }),
]);

export const RuleSet = z.object({
  tiersByLevel: z.record(level, z.array(z.enum(LINKAGE_TIERS)).min(1)),
  rules: z.array(Rule),
}).superRefine((set, ctx) => {
  const ids = new Set<string>();
  set.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
    ids.add(rule.id);
    const spec = QUANTITIES[rule.deviceType][rule.quantity];
    if (!spec) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'quantity'], message: `"${rule.quantity}" is not a quantity of ${rule.deviceType}` });
    } else if ((spec.kind === 'boolean') !== (rule.when === 'flag')) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'when'], message: `"${rule.when}" does not fit the ${spec.kind} quantity ${rule.quantity}` });
    }
    if (rule.when !== 'flag') {
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
