// The district model as data. Coordinates are metres in a local frame: x east, y north, z up,
// from the district's geographic origin (see geo.ts). Types are inferred from the schema.
import { z } from 'zod';
import { DEVICE_TYPES } from './deviceCatalog';
import { LINKAGE_TIERS } from './protocol';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected an id of letters, digits, "_", "." or "-" (at most 64)');
const text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const point = z.object({ x: z.number(), y: z.number(), z: z.number().default(0) });
const xy = z.object({ x: z.number(), y: z.number() });
const phone = z.string().regex(/^\+?[0-9 -]{3,20}$/, 'expected a phone number');
const person = z.object({ name: z.string().min(1), phone });

/** A grid's worker the map does not name (an imported district): "to be named", for the street centre to fill in. */
export const UNNAMED_WORKER = '待指定';

export const Community = z.object({
  id, name: text,
  /** Its boundary (an imported community), in the local frame. */
  outline: z.array(xy).min(3).optional(),
});

/** A grid (网格) of a few courtyards, with its grid worker (网格员). */
export const Grid = z.object({ id, communityId: id, name: text, worker: person });

export const Courtyard = z.object({
  id, communityId: id, gridId: id, name: text,
  /** The guard room (门卫室), when the courtyard has one. */
  guardRoomPhone: phone.nullable().default(null),
  kind: z.enum(['old_courtyard', 'estate', 'construction_site', 'street', 'station']),
  /** Axis-aligned footprint: centre and size in metres. */
  x: z.number(), y: z.number(), width: z.number().positive(), depth: z.number().positive(),
  /** The real boundary (an imported courtyard), in the local frame; the box above is then its bounding box. */
  outline: z.array(xy).min(3).optional(),
});

/** A building's own air network, when its plan is known (scenarios/multizone): its zones (flats, their kitchens,
 * landings, corridors, shafts, basements) and the paths between them and to the outdoors. Without it, the twin
 * builds one from the building's floors and stair units. */
export const AIR_ZONE_KINDS = ['flat', 'kitchen', 'landing', 'riser', 'corridor', 'room', 'basement'] as const;
export const AIR_PATH_KINDS = ['flat_door', 'flat_window', 'kitchen_door', 'kitchen_window', 'stair', 'stair_window', 'entrance', 'riser', 'riser_panel', 'door', 'window', 'crack', 'opening'] as const;
export const AirNetwork = z.object({
  zones: z.array(z.object({
    id, kind: z.enum(AIR_ZONE_KINDS), floor: z.number().int(), unit: z.number().int().min(1).default(1),
    /** The flat it belongs to, numbered as its household ("1-301"). */
    flat: z.string().nullable().default(null),
    volumeM3: z.number().positive(),
    /** Its floor's height above the ground; else its floor's. */
    floorZ: z.number().optional(),
  })).min(1),
  paths: z.array(z.object({
    id, kind: z.enum(AIR_PATH_KINDS), from: id, to: id,
    /** The middle of the opening, above the ground. */
    z: z.number(),
    openAreaM2: z.number().positive(), shutAreaM2: z.number().min(0).optional(), cd: z.number().positive().max(1).default(0.6),
    /** A tall opening (a door, a window) carries two-way flow; 0 for one in a floor (a stairwell's, a shaft's). */
    heightM: z.number().min(0).default(0),
    /** On an outside wall: its wind pressure coefficient. */
    windCp: z.number().min(-2).max(2).optional(),
    flat: z.string().nullable().default(null),
  })),
}).superRefine((a, ctx) => {
  const zones = new Set<string>();
  a.zones.forEach((z, i) => { if (zones.has(z.id) || z.id === 'outdoors') ctx.addIssue({ code: 'custom', path: ['zones', i, 'id'], message: `zone "${z.id}" is named twice (or "outdoors")` }); zones.add(z.id); });
  a.paths.forEach((p, i) => {
    for (const end of ['from', 'to'] as const) if (!zones.has(p[end]) && p[end] !== 'outdoors') ctx.addIssue({ code: 'custom', path: ['paths', i, end], message: `no zone "${p[end]}" in this building${end === 'to' ? ' (or "outdoors")' : ''}` });
  });
});

/** A building stands on its footprint: a polygon in the local frame (counter-clockwise or not). Files may
 * instead give the axis-aligned box (x, y: centre; width, depth), the older form; either way the parsed
 * building has both: the footprint, and the box as its bounding box. */
export const Building = z.object({
  id, courtyardId: id, name: text,
  footprint: z.array(xy).min(3).optional(),
  x: z.number().optional(), y: z.number().optional(), width: z.number().positive().optional(), depth: z.number().positive().optional(),
  floors: z.number().int().min(1).max(100),
  floorHeight: z.number().positive().max(10).default(3),
  /** Stair units (单元); households are numbered unit-floor-door. */
  units: z.number().int().min(1).max(20).default(1),
  /** The building head (楼栋长). */
  head: person.nullable().default(null),
  /** What it is used for (OSM's `building` tag, read into a few kinds): how it is drawn. */
  use: z.enum(['residential', 'shop', 'school', 'office', 'industrial', 'construction_site', 'public', 'parking', 'other']).optional(),
  /** Below the ground (OSM's layer < 0, location=underground, parking=underground): an underground car park, a metro
   * station, a sunken hall. Its floors go down: floor 1 is the first level below the street. */
  underground: z.boolean().optional(),
  air: AirNetwork.optional(),
  /** The roof (OSM's `roof:shape`): pitched roofs are drawn on four-cornered footprints, others flat. */
  roof: z.enum(['flat', 'gabled', 'hipped']).default('flat'),
  /** From the eaves to the ridge (OSM's `roof:height`); a pitched roof without it rises 0.35 × its span. */
  roofHeightM: z.number().positive().max(30).optional(),
}).superRefine((b, ctx) => {
  if (!b.footprint && [b.x, b.y, b.width, b.depth].some((v) => v === undefined)) ctx.addIssue({ code: 'custom', path: ['footprint'], message: 'give the building\'s footprint (a polygon of {x, y}), or its box: x, y, width and depth' });
}).transform((b) => {
  const footprint = b.footprint ?? boxCorners(b.x!, b.y!, b.width!, b.depth!);
  const xs = footprint.map((p) => p.x), ys = footprint.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { ...b, footprint, x: (minX + maxX) / 2, y: (minY + maxY) / 2, width: Math.max(maxX - minX, 0.1), depth: Math.max(maxY - minY, 0.1) };
});

/** The corners of an axis-aligned box, counter-clockwise from the south-west. */
export const boxCorners = (x: number, y: number, width: number, depth: number) => [
  { x: x - width / 2, y: y - depth / 2 }, { x: x + width / 2, y: y - depth / 2 }, { x: x + width / 2, y: y + depth / 2 }, { x: x - width / 2, y: y + depth / 2 },
];

export const Elevator = z.object({
  id, buildingId: id, deviceId: id.nullable().default(null),
  /** Shaft position in the district frame. */
  x: z.number(), y: z.number(),
  floorsServed: z.object({ from: z.number().int(), to: z.number().int() }),
});

export const Crane = z.object({
  id, courtyardId: id, deviceId: id.nullable().default(null),
  x: z.number(), y: z.number(),
  heightM: z.number().positive().max(300),
  jibLengthM: z.number().positive().max(100),
  ratedLoadKg: z.number().positive(),
  /** Rated load against trolley radius; the load moment limit is the largest radius × load on it. */
  loadMomentCurve: z.array(z.object({ radiusM: z.number().positive(), maxLoadKg: z.number().positive() })).min(2),
});

export const Streets = z.object({
  nodes: z.array(z.object({ id, x: z.number(), y: z.number() })),
  edges: z.array(z.object({
    id, from: id, to: id, name: text.nullable().default(null),
    widthM: z.number().positive().max(100), speedKph: z.number().positive().max(120).default(30),
  })),
});

export const Manhole = z.object({ id, x: z.number(), y: z.number(), deviceId: id.nullable().default(null) });
export const Hydrant = z.object({ id, x: z.number(), y: z.number(), deviceId: id.nullable().default(null) });
export const PumpStation = z.object({ id, name: text, x: z.number(), y: z.number(), capacityLps: z.number().positive() });

export const FloodZone = z.object({
  id, name: text,
  polygon: z.array(xy).min(3),
  /** Height of the lowest ground in the zone above the district datum. */
  groundLevelM: z.number(),
  drainageMmPerH: z.number().min(0),
  /** The water-level gauge that reports this zone's depth. */
  gaugeDeviceId: id.nullable().default(null),
});

export const MicroFireStation = z.object({
  id, name: text, x: z.number(), y: z.number(),
  crew: z.number().int().min(1),
  vehicles: z.array(z.object({ kind: z.enum(['fire_engine', 'fire_motorbike', 'ambulance', 'water_tender', 'rescue_boat', 'pump']), count: z.number().int().min(1) })),
  /** The hub station in "one fire, many stations respond". */
  hub: z.boolean().default(false),
});

export const SUPPLY_CLASSES = ['fire', 'rescue', 'warning', 'first_aid', 'protection'] as const;
export const CapsuleStation = z.object({
  id, name: text, courtyardId: id.nullable().default(null), x: z.number(), y: z.number(),
  aed: z.boolean(),
  supplies: z.record(z.enum(SUPPLY_CLASSES), z.array(z.string().min(1))),
});

export const EmergencyStation = z.object({
  id, communityId: id, name: text, x: z.number(), y: z.number(),
  facilities: z.array(z.enum(['duty_room', 'supply_store', 'training_room', 'evacuation_area', 'vehicle_parking'])),
});

export const GovernanceCentre = z.object({ id, name: text, x: z.number(), y: z.number(), phone });

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

/** Where a device's messages come from (CONTRACT "Device sources"): the twin's own topics, or a network server
 * or IoT platform that knows it by `externalId` (a DevEUI, an IMEI, a platform device id). */
export const SOURCE_KINDS = ['native', 'chirpstack', 'onenet', 'ctwing', 'webhook'] as const;
/** A device model: its payload codec is bridge/codecs/<model>.js. */
export const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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
  source: z.enum(SOURCE_KINDS).default('native'),
  /** Its identity at its source: a LoRaWAN DevEUI (16 hex digits, kept in lower case), an IMEI, a platform id. */
  externalId: z.string().trim().min(1).max(128).nullable().default(null),
  model: z.string().regex(MODEL_ID, 'a model id is lower-case letters, digits, ".", "_" or "-"').nullable().default(null),
});

export const District = z.object({
  id,
  name: text,
  /** WGS84 of the local origin, and the local time offset used in CAP messages. */
  origin: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  communities: z.array(Community).min(1),
  grids: z.array(Grid).min(1),
  courtyards: z.array(Courtyard),
  buildings: z.array(Building),
  households: z.array(Household).default([]),
  elevators: z.array(Elevator).default([]),
  cranes: z.array(Crane).default([]),
  streets: Streets.default({ nodes: [], edges: [] }),
  manholes: z.array(Manhole).default([]),
  hydrants: z.array(Hydrant).default([]),
  pumpStations: z.array(PumpStation).default([]),
  floodZones: z.array(FloodZone).default([]),
  microFireStations: z.array(MicroFireStation).default([]),
  capsuleStations: z.array(CapsuleStation).default([]),
  emergencyStations: z.array(EmergencyStation).default([]),
  governanceCentre: GovernanceCentre.nullable().default(null),
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
  const grids = known('grids', d.grids);
  const courtyards = known('courtyards', d.courtyards);
  const buildings = known('buildings', d.buildings);
  const households = known('households', d.households);
  const nodes = known('streets.nodes', d.streets.nodes);
  for (const kind of ['elevators', 'cranes', 'manholes', 'hydrants', 'pumpStations', 'floodZones', 'microFireStations', 'capsuleStations', 'emergencyStations'] as const) known(kind, d[kind]);
  known('streets.edges', d.streets.edges);
  known('devices', d.devices);
  const deviceTypes = new Map(d.devices.map((dev) => [dev.id, dev.type]));
  const ref = (ids: Set<string>, value: string | null, path: (string | number)[], what: string) => {
    if (value !== null && !ids.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
  };
  const device = (value: string | null, type: string, path: (string | number)[]) => {
    if (value === null) return;
    const actual = deviceTypes.get(value);
    if (actual === undefined) ctx.addIssue({ code: 'custom', path, message: `unknown device "${value}"` });
    else if (actual !== type) ctx.addIssue({ code: 'custom', path, message: `device "${value}" is a ${actual}, expected a ${type}` });
  };
  d.grids.forEach((g, i) => ref(communities, g.communityId, ['grids', i, 'communityId'], 'community'));
  d.courtyards.forEach((c, i) => {
    ref(communities, c.communityId, ['courtyards', i, 'communityId'], 'community');
    ref(grids, c.gridId, ['courtyards', i, 'gridId'], 'grid');
  });
  d.buildings.forEach((b, i) => ref(courtyards, b.courtyardId, ['buildings', i, 'courtyardId'], 'courtyard'));
  d.households.forEach((h, i) => ref(buildings, h.buildingId, ['households', i, 'buildingId'], 'building'));
  d.elevators.forEach((e, i) => {
    ref(buildings, e.buildingId, ['elevators', i, 'buildingId'], 'building');
    device(e.deviceId, 'elevator', ['elevators', i, 'deviceId']);
    if (e.floorsServed.to < e.floorsServed.from) ctx.addIssue({ code: 'custom', path: ['elevators', i, 'floorsServed'], message: '"to" must not be below "from"' });
  });
  d.cranes.forEach((c, i) => {
    ref(courtyards, c.courtyardId, ['cranes', i, 'courtyardId'], 'courtyard');
    device(c.deviceId, 'crane', ['cranes', i, 'deviceId']);
    if (c.loadMomentCurve.some((p) => p.radiusM > c.jibLengthM)) ctx.addIssue({ code: 'custom', path: ['cranes', i, 'loadMomentCurve'], message: 'a radius is beyond the jib' });
  });
  d.streets.edges.forEach((e, i) => {
    ref(nodes, e.from, ['streets', 'edges', i, 'from'], 'street node');
    ref(nodes, e.to, ['streets', 'edges', i, 'to'], 'street node');
  });
  d.manholes.forEach((m, i) => device(m.deviceId, 'manhole', ['manholes', i, 'deviceId']));
  d.hydrants.forEach((h, i) => device(h.deviceId, 'hydrant', ['hydrants', i, 'deviceId']));
  d.floodZones.forEach((f, i) => device(f.gaugeDeviceId, 'water_level', ['floodZones', i, 'gaugeDeviceId']));
  d.capsuleStations.forEach((c, i) => ref(courtyards, c.courtyardId, ['capsuleStations', i, 'courtyardId'], 'courtyard'));
  d.emergencyStations.forEach((e, i) => ref(communities, e.communityId, ['emergencyStations', i, 'communityId'], 'community'));
  const external = new Map<string, number>();
  d.devices.forEach((dev, i) => {
    if (dev.source !== 'native' && dev.externalId === null) ctx.addIssue({ code: 'custom', path: ['devices', i, 'externalId'], message: `a device from ${dev.source} needs its externalId (its identity there)` });
    if (dev.source === 'chirpstack' && dev.externalId !== null && !/^[0-9a-f]{16}$/.test(dev.externalId)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'externalId'], message: `a LoRaWAN DevEUI is 16 hex digits in lower case, not "${dev.externalId.slice(0, 40)}"` });
    const key = `${dev.source}\n${dev.externalId}`;
    if (dev.externalId !== null && external.has(key)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'externalId'], message: `${dev.source} identity "${dev.externalId}" is also device "${d.devices[external.get(key)!]!.id}"` });
    else if (dev.externalId !== null) external.set(key, i);
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
export type GridDef = z.infer<typeof Grid>;
export type ElevatorDef = z.infer<typeof Elevator>;
export type CraneDef = z.infer<typeof Crane>;
export type FloodZoneDef = z.infer<typeof FloodZone>;
