// What the scenario editor does to a draft, as edits of its YAML text (scenarios/yamlEdit.ts: every other
// byte stays as the trainer wrote it). Pure, so it is tested without a browser.
import { z } from 'zod';
import type { District } from '../../twin-assets/districtSchema';
import { insidePolygon } from '../../twin-assets/geo';
import { appendIn, setIn } from '../../scenarios/yamlEdit';
import { Hazard, type InjectCondition, type Scenario } from '../../scenarios/schema';
import type { Role } from '../../twin-assets/protocol';

/** The draft as far as it reads (it may not be valid yet): what the edits look at to pick fresh ids. */
export type Draft = Partial<Scenario> | null;

export type PlaceableModel = 'gas_room' | 'kitchen_fire' | 'flood' | 'fall' | 'crane_wind';
export const PLACEABLE: PlaceableModel[] = ['gas_room', 'kitchen_fire', 'flood', 'fall', 'crane_wind'];
/** Where each kind is placed: in a home, over a zone of low ground, on a building site's scaffold, on a crane. */
export const PLACED_ON: Record<PlaceableModel, 'home' | 'zone' | 'scaffold' | 'crane'> = { gas_room: 'home', kitchen_fire: 'home', flood: 'zone', fall: 'scaffold', crane_wind: 'crane' };
export interface Where { householdId?: string; zoneId?: string; buildingId?: string; craneId?: string }

/** A new draft for the district: valid but for its hazard, which the trainer places in the twin. */
export function blankDraft(district: District, id: string): string {
  return `# 新演练脚本：在三维场景中点击放置险情，在时间线上添加注入事件和考核目标。
# A new drill scenario: place the hazard in the twin, add injects and objectives on the timeline.
id: ${id}
title: { zh: 新演练, en: New drill }
district: ${district.id}
briefing: { zh: 演练开始。, en: The drill begins. }
roles: [commander, grid_worker]
initial:
  weather: { windMps: 1.5, stability: D, tempC: 20 }
  timeOfDay: "09:00"
  atHome: []
hazards: []
injects: []
expected: []
end:
  resolveWhen: { hazard: hazard-1, belowPercentLel: 5 }
  failAfterS: 3600
`;
}

/** The building whose footprint holds a point of the district frame. */
export function buildingAt(d: District, x: number, y: number) {
  return d.buildings.find((b) => Math.abs(x - b.x) <= b.width / 2 && Math.abs(y - b.y) <= b.depth / 2) ?? null;
}

/** The flood zone a point lies in. */
export function floodZoneAt(d: District, x: number, y: number) {
  return d.floodZones.find((z) => insidePolygon({ x, y }, z.polygon)) ?? null;
}

/** What a person calls a household: "纺织厂老院落 1栋 1-301 王秀兰" / "1-301, Block 1, Textile Mill courtyard (Wang Xiulan)". */
export function householdName(d: District, householdId: string, lang: 'zh' | 'en'): string {
  const h = d.households.find((x) => x.id === householdId);
  if (!h) return householdId;
  const b = d.buildings.find((x) => x.id === h.buildingId);
  const c = d.courtyards.find((x) => x.id === b?.courtyardId);
  const who = h.residents.map((r) => r.name).join('、');
  return lang === 'zh' ? `${c?.name.zh ?? ''}${b?.name.zh ?? ''} ${h.unit} ${who}` : `${h.unit}, ${b?.name.en ?? ''}, ${c?.name.en ?? ''} (${who})`;
}

const SENSES: Record<'gas_room' | 'kitchen_fire', string> = { gas_room: 'gas', kitchen_fire: 'smoke' };

/** The devices that would sense a hazard placed there: a home's detectors, a zone's gauge, a site's worker
 * bracelets, crane monitors and cameras, a crane's monitor. */
export function sensingDevices(d: District, model: PlaceableModel, where: Where): string[] {
  if (model === 'flood') {
    const zone = d.floodZones.find((z) => z.id === where.zoneId);
    return zone?.gaugeDeviceId ? [zone.gaugeDeviceId] : [];
  }
  if (model === 'crane_wind') {
    const crane = d.cranes.find((c) => c.id === where.craneId);
    return crane?.deviceId ? [crane.deviceId] : [];
  }
  if (model === 'fall') {
    const site = d.buildings.find((b) => b.id === where.buildingId)?.courtyardId;
    const onSite = d.devices.filter((x) => x.courtyardId === site && !x.householdId);
    const bracelets = onSite.filter((x) => x.type === 'bracelet');
    return bracelets.length ? [...bracelets, ...onSite.filter((x) => x.type === 'crane' || x.type === 'thermal_camera')].map((x) => x.id) : [];
  }
  return d.devices.filter((x) => x.type === SENSES[model] && x.householdId === where.householdId).map((x) => x.id);
}

/** The crane whose jib reaches over a point. */
export function craneAt(d: District, x: number, y: number) {
  return d.cranes.find((c) => Math.hypot(x - c.x, y - c.y) <= c.jibLengthM) ?? null;
}

/** A building on a construction site (where a worker may fall from the scaffold). */
export const isSite = (d: District, buildingId: string) => d.courtyards.find((c) => c.id === d.buildings.find((b) => b.id === buildingId)?.courtyardId)?.kind === 'construction_site';

const DEFAULTS: Record<PlaceableModel, Record<string, number>> = {
  gas_room: { leakM3PerH: 0.6, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 },
  kitchen_fire: { alphaKwPerS2: 0.01172, peakKw: 1000, ceilingM: 2.8, roomM3: 25, airChangesPerH: 0.5, ambientC: 20 },
  flood: { peakRainMmPerH: 80, stormS: 7200, peakAtS: 2400, catchmentRatio: 5, runoff: 0.8, drainageMmPerH: 30, pumpMmPerH: 600 },
  fall: { heightM: 12 },
  crane_wind: { windFromMps: 6, windToMps: 22, rampS: 900, liftKg: 2400, liftAtS: 300, radiusM: 40 },
};
const RESOLVE: Record<PlaceableModel, (hazard: string) => Scenario['end']['resolveWhen']> = {
  gas_room: (hazard) => ({ hazard, belowPercentLel: 5 }),
  kitchen_fire: (hazard) => ({ hazard, afterAction: ['extinguish', 'open_windows'] }),
  flood: (hazard) => ({ hazard, belowLevelM: 0.05 }),
  fall: (hazard) => ({ hazard, afterAction: 'handover_120' }),
  crane_wind: (hazard) => ({ hazard, afterAction: ['stop_crane', 'cordon'] }),
};

/** Places a hazard: a leak or a fire in a home (its resident at home), a flood over a zone, a fall from a site's
 * scaffold (from up to its building's height), wind on a crane; the first one placed ends the drill when made safe. */
export function placeHazard(yaml: string, current: Draft, d: District, model: PlaceableModel, where: Where): string {
  const taken = new Set((current?.hazards ?? []).map((h) => h.id));
  let n = 1;
  while (taken.has(`${model.replace('_', '-')}-${n}`)) n++;
  const id = `${model.replace('_', '-')}-${n}`;
  const site = model === 'fall' ? d.buildings.find((b) => b.id === where.buildingId) : undefined;
  const params = site ? { heightM: Math.min(Math.round(site.floors * site.floorHeight * 0.6), 45) } : DEFAULTS[model];
  const hazard = { id, model, deviceIds: sensingDevices(d, model, where), startAfterS: 60, params, ...(model === 'flood' && where.zoneId ? { zoneId: where.zoneId } : {}) };
  let out = appendIn(yaml, ['hazards'], hazard);
  if (!(current?.hazards ?? []).some((h) => h.id === current?.end?.resolveWhen?.hazard)) out = setIn(out, ['end', 'resolveWhen'], RESOLVE[model](id));
  if (where.householdId && !(current?.initial?.atHome ?? []).includes(where.householdId)) out = appendIn(out, ['initial', 'atHome'], where.householdId);
  return out;
}

export interface ParamInfo { key: string; unit: string; zh: string; en: string; min: number | null; max: number | null }
const LABELS: Record<string, [string, string, string]> = {
  leakM3PerH: ['m³/h', '泄漏量', 'Leak rate'], roomM3: ['m³', '房间容积', 'Room volume'], airChangesPerH: ['次/h', '换气次数', 'Air changes'],
  windowsOpenAirChangesPerH: ['次/h', '开窗后换气次数', 'Air changes, windows open'], alphaKwPerS2: ['kW/s²', '火灾增长系数', 'Fire growth α'],
  peakKw: ['kW', '最大热释放速率', 'Peak heat release'], ceilingM: ['m', '顶棚高度', 'Ceiling height'], ambientC: ['°C', '室温', 'Room temperature'],
  heightM: ['m', '坠落高度', 'Fall height'], craneLoadKg: ['kg', '吊重', 'Load on the hook'], craneMomentPct: ['%', '力矩百分比', 'Load moment'],
  windFromMps: ['m/s', '起始风速', 'Wind at first'], windToMps: ['m/s', '最大风速', 'Wind at most'], rampS: ['s', '风速上升历时', 'Wind rises over'],
  liftKg: ['kg', '起吊重量', 'Lift'], liftAtS: ['s', '起吊时刻', 'Lift at'], radiusM: ['m', '起吊幅度', 'Lift radius'],
  peakRainMmPerH: ['mm/h', '峰值雨强', 'Peak rainfall'], stormS: ['s', '降雨历时', 'Storm length'], peakAtS: ['s', '雨峰时刻', 'Peak at'],
  catchmentRatio: ['×', '汇水面积比', 'Catchment ratio'], runoff: ['', '径流系数', 'Runoff coefficient'], drainageMmPerH: ['mm/h', '排水能力', 'Drainage'], pumpMmPerH: ['mm/h', '泵排能力', 'Pumping'],
};

/** A hazard model's parameters with their units and the ranges the scenario format allows (from its schema). */
export function paramsOf(model: Scenario['hazards'][number]['model']): ParamInfo[] {
  const option = Hazard.options.find((o) => o.shape.model.value === model)!;
  const schema = z.toJSONSchema(option.shape.params, { io: 'input' }) as { properties: Record<string, { minimum?: number; exclusiveMinimum?: number; maximum?: number }> };
  return Object.entries(schema.properties).map(([key, p]) => {
    const [unit, zh, en] = LABELS[key] ?? ['', key, key];
    return { key, unit, zh, en, min: p.minimum ?? p.exclusiveMinimum ?? null, max: p.maximum ?? null };
  });
}

/** A message inject to a role: at a time, or on a condition (the alarm, its grade, an action done, or not done in time: a branch). */
export function addInject(yaml: string, current: Draft, inject: { atS?: number; when?: InjectCondition; afterS?: number; to: Role | 'all'; zh: string; en: string }): string {
  const taken = new Set((current?.injects ?? []).map((i) => i.id));
  let n = 1;
  while (taken.has(`inject-${n}`)) n++;
  const timing = inject.when ? { when: inject.when, afterS: inject.afterS ?? 0 } : { atS: inject.atS ?? 0 };
  return appendIn(yaml, ['injects'], { id: `inject-${n}`, ...timing, action: { kind: 'message', to: inject.to }, text: { zh: inject.zh, en: inject.en } });
}

/** An objective: an action expected within a time of the first alarm. */
export function addObjective(yaml: string, current: Draft, objective: { action: Scenario['expected'][number]['action']; withinS: number }): string {
  const taken = new Set((current?.expected ?? []).map((e) => e.id));
  let id = objective.action as string, n = 2;
  while (taken.has(id)) id = `${objective.action}-${n++}`;
  return appendIn(yaml, ['expected'], { id, action: objective.action, withinS: objective.withinS });
}

/** A device offline from the start (an inject at 0 s). */
export function deviceOffline(yaml: string, current: Draft, deviceId: string): string {
  if ((current?.injects ?? []).some((i) => i.action?.kind === 'device_fails' && i.action.deviceId === deviceId)) return yaml;
  return appendIn(yaml, ['injects'], { id: `offline-${deviceId}`.slice(0, 64), atS: 0, action: { kind: 'device_fails', deviceId }, text: { zh: '设备离线。', en: 'The device is offline.' } });
}
