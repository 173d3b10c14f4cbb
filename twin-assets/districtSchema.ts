// The district model as data. Coordinates are metres in a local frame: x east, y north, z up,
// from the district's geographic origin (see geo.ts). Types are inferred from the schema.
import { z } from 'zod';
import { DEVICE_TYPES } from './deviceCatalog';
import { LINKAGE_TIERS } from './protocol';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected an id of letters, digits, "_", "." or "-" (at most 64)');
const text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const point = z.object({ x: z.number(), y: z.number(), z: z.number().default(0) });

export const Community = z.object({ id, name: text });

export const Courtyard = z.object({
  id, communityId: id, name: text,
  kind: z.enum(['old_courtyard', 'estate', 'construction_site', 'street', 'station']),
  /** Axis-aligned footprint: centre and size in metres. */
  x: z.number(), y: z.number(), width: z.number().positive(), depth: z.number().positive(),
});

export const Building = z.object({
  id, courtyardId: id, name: text,
  x: z.number(), y: z.number(), width: z.number().positive(), depth: z.number().positive(),
  floors: z.number().int().min(1).max(100),
  floorHeight: z.number().positive().max(10).default(3),
  elevators: z.number().int().min(0).default(0),
});

export const Resident = z.object({
  name: z.string(),
  age: z.number().int().min(0).max(130),
  livingAlone: z.boolean().default(false),
  disabled: z.boolean().default(false),
  lowIncome: z.boolean().default(false),
});

export const Contact = z.object({
  name: z.string(),
  relation: z.string(),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'expected a phone number'),
  channels: z.array(z.enum(['voice', 'sms', 'wechat'])).min(1),
});

export const Household = z.object({
  id, buildingId: id, floor: z.number().int(), unit: z.string(),
  residents: z.array(Resident).min(1),
  contacts: z.array(Contact).default([]),
});

export const Device = z.object({
  id,
  type: z.enum(DEVICE_TYPES),
  courtyardId: id.nullable().default(null),
  buildingId: id.nullable().default(null),
  householdId: id.nullable().default(null),
  floor: z.number().int().nullable().default(null),
  room: z.string().nullable().default(null),
  position: point,
  /** Tiers that must hear of this device's alarms whatever the grade. */
  notify: z.array(z.enum(LINKAGE_TIERS)).default([]),
});

export const District = z.object({
  id,
  name: text,
  /** WGS84 of the local origin, and the local time offset used in CAP messages. */
  origin: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  communities: z.array(Community).min(1),
  courtyards: z.array(Courtyard),
  buildings: z.array(Building),
  households: z.array(Household).default([]),
  devices: z.array(Device),
  /** Path of the alarm rules file, relative to the district file; the bundled rules when absent. */
  rulesFile: z.string().optional(),
}).superRefine((d, ctx) => {
  const known = (kind: string, items: { id: string }[]) => {
    const ids = new Set<string>();
    items.forEach((item, i) => {
      if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], message: `duplicate id "${item.id}"` });
      ids.add(item.id);
    });
    return ids;
  };
  const communities = known('communities', d.communities);
  const courtyards = known('courtyards', d.courtyards);
  const buildings = known('buildings', d.buildings);
  const households = known('households', d.households);
  known('devices', d.devices);
  const ref = (ids: Set<string>, value: string | null, path: (string | number)[], what: string) => {
    if (value !== null && !ids.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
  };
  d.courtyards.forEach((c, i) => ref(communities, c.communityId, ['courtyards', i, 'communityId'], 'community'));
  d.buildings.forEach((b, i) => ref(courtyards, b.courtyardId, ['buildings', i, 'courtyardId'], 'courtyard'));
  d.households.forEach((h, i) => ref(buildings, h.buildingId, ['households', i, 'buildingId'], 'building'));
  d.devices.forEach((dev, i) => {
    ref(courtyards, dev.courtyardId, ['devices', i, 'courtyardId'], 'courtyard');
    ref(buildings, dev.buildingId, ['devices', i, 'buildingId'], 'building');
    ref(households, dev.householdId, ['devices', i, 'householdId'], 'household');
  });
});

export type District = z.infer<typeof District>;
export type DistrictInput = z.input<typeof District>;
export type DeviceDef = z.infer<typeof Device>;
export type BuildingDef = z.infer<typeof Building>;
export type CourtyardDef = z.infer<typeof Courtyard>;
export type HouseholdDef = z.infer<typeof Household>;
