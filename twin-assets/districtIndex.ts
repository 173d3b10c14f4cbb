// Lookups by id over a loaded district, built once.
import type { BuildingDef, CourtyardDef, CraneDef, DeviceDef, District, ElevatorDef, FloodZoneDef, GridDef, HouseholdDef } from './districtSchema';
import { DEVICE_TYPE_LABELS, roomLabel, STRINGS, type Lang } from './labels';

export interface DistrictIndex {
  district: District;
  devices: Map<string, DeviceDef>;
  buildings: Map<string, BuildingDef>;
  courtyards: Map<string, CourtyardDef>;
  households: Map<string, HouseholdDef>;
  grids: Map<string, GridDef>;
  elevatorByDevice: Map<string, ElevatorDef>;
  craneByDevice: Map<string, CraneDef>;
  floodZoneByGauge: Map<string, FloodZoneDef>;
}

export function indexDistrict(district: District): DistrictIndex {
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  return {
    district,
    devices: byId(district.devices),
    buildings: byId(district.buildings),
    courtyards: byId(district.courtyards),
    households: byId(district.households),
    grids: byId(district.grids),
    elevatorByDevice: new Map(district.elevators.filter((e) => e.deviceId).map((e) => [e.deviceId!, e])),
    craneByDevice: new Map(district.cranes.filter((c) => c.deviceId).map((c) => [c.deviceId!, c])),
    floodZoneByGauge: new Map(district.floodZones.filter((f) => f.gaugeDeviceId).map((f) => [f.gaugeDeviceId!, f])),
  };
}

export interface ContactEntry { role: 'resident' | 'relative' | 'building_head' | 'guard_room' | 'grid_worker'; name: string; phone: string; relation?: string }

/** The courtyard a device is in: its own, or its building's (scopes are made of courtyards). */
export function deviceCourtyard(index: DistrictIndex, device: DeviceDef): string | null {
  return device.courtyardId ?? (device.buildingId ? index.buildings.get(device.buildingId)?.courtyardId ?? null : null);
}

/** Who is registered to hear of this device's alarms, from the household up to the grid worker. */
export function contactsFor(index: DistrictIndex, device: DeviceDef): ContactEntry[] {
  const out: ContactEntry[] = [];
  const household = device.householdId ? index.households.get(device.householdId) : undefined;
  for (const c of household?.contacts ?? []) out.push({ role: 'relative', name: c.name, phone: c.phone, relation: c.relation });
  const building = device.buildingId ? index.buildings.get(device.buildingId) : undefined;
  if (building?.head) out.push({ role: 'building_head', ...building.head });
  const courtyard = index.courtyards.get(deviceCourtyard(index, device) ?? '');
  if (courtyard?.guardRoomPhone) out.push({ role: 'guard_room', name: courtyard.name.zh, phone: courtyard.guardRoomPhone });
  const grid = courtyard ? index.grids.get(courtyard.gridId) : undefined;
  if (grid) out.push({ role: 'grid_worker', ...grid.worker });
  return out;
}

/** "纺织厂老院落 1栋 3层 1-301" — where a device is, in words. */
export function placeName(index: DistrictIndex, device: DeviceDef, lang: Lang): string {
  const parts: string[] = [];
  const courtyard = device.courtyardId ? index.courtyards.get(device.courtyardId) : undefined;
  const building = device.buildingId ? index.buildings.get(device.buildingId) : undefined;
  const household = device.householdId ? index.households.get(device.householdId) : undefined;
  if (courtyard) parts.push(courtyard.name[lang]);
  if (building) parts.push(building.name[lang]);
  // Below the street a floor counts down: -1 is the first level underground (地下1层, B1).
  if (device.floor !== null) parts.push(device.floor < 0 ? (lang === 'zh' ? `地下${-device.floor}层` : `B${-device.floor}`) : lang === 'zh' ? `${device.floor}层` : `floor ${device.floor}`);
  if (household) parts.push(household.unit);
  else if (device.room) parts.push(roomLabel(device.room, lang));
  return parts.join(' ') || index.district.name[lang];
}

/** A home as people name it: courtyard, building and flat, and the first resident's name when `withName`
 * ("纺织厂老院落 1栋 1-301 王秀英"). */
export function householdName(index: DistrictIndex, householdId: string, lang: Lang, withName = true): string {
  const h = index.households.get(householdId);
  if (!h) return lang === 'zh' ? '未登记住户' : 'an unregistered home';
  const b = index.buildings.get(h.buildingId);
  const c = b?.courtyardId ? index.courtyards.get(b.courtyardId) : undefined;
  const who = withName ? h.residents.find((r) => r.name)?.name : undefined;
  return [c?.name[lang], b?.name[lang], h.unit, who].filter(Boolean).join(' ');
}

/** A device as people name it: where it is and what it is ("纺织厂老院落 1栋 3层 1-301 可燃气体探测器"). */
export function deviceName(index: DistrictIndex, deviceId: string, lang: Lang): string {
  const d = index.devices.get(deviceId);
  return d ? `${placeName(index, d, lang)} ${DEVICE_TYPE_LABELS[d.type][lang]}` : (lang === 'zh' ? STRINGS.unknownDevice.zh : 'an unregistered device');
}

/** Where a point is, by the building nearest to it ("纺织厂老院落 1栋附近"). */
export function nearPlace(index: DistrictIndex, x: number, y: number, lang: Lang): string {
  let best: { id: string; d: number } | null = null;
  for (const b of index.buildings.values()) {
    const d = Math.hypot(b.x - x, b.y - y);
    if (!best || d < best.d) best = { id: b.id, d };
  }
  const b = best ? index.buildings.get(best.id)! : undefined;
  if (!b) return index.district.name[lang];
  const c = b.courtyardId ? index.courtyards.get(b.courtyardId) : undefined;
  const name = [c?.name[lang], b.name[lang]].filter(Boolean).join(' ');
  return lang === 'zh' ? `${name}附近` : `near ${name}`;
}

/** Where a report is: "纺织厂老院落 1栋", or the district's name and "the place marked on the map" for a point by no building. */
export function reportPlaceName(index: DistrictIndex, place: { courtyardId?: string | null; buildingId?: string | null }, lang: Lang): string {
  const courtyard = place.courtyardId ? index.courtyards.get(place.courtyardId) : undefined;
  const building = place.buildingId ? index.buildings.get(place.buildingId) : undefined;
  const parts = [courtyard?.name[lang], building?.name[lang]].filter(Boolean);
  return parts.length ? parts.join(' ') : `${index.district.name[lang]}${lang === 'zh' ? '（地图标注位置）' : ' (the place marked on the map)'}`;
}
