// Lookups by id over a loaded district, built once.
import type { BuildingDef, CourtyardDef, DeviceDef, District, HouseholdDef } from './districtSchema';
import type { Lang } from './labels';

export interface DistrictIndex {
  district: District;
  devices: Map<string, DeviceDef>;
  buildings: Map<string, BuildingDef>;
  courtyards: Map<string, CourtyardDef>;
  households: Map<string, HouseholdDef>;
}

export function indexDistrict(district: District): DistrictIndex {
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  return {
    district,
    devices: byId(district.devices),
    buildings: byId(district.buildings),
    courtyards: byId(district.courtyards),
    households: byId(district.households),
  };
}

/** "纺织厂老院落 1栋 3层 1-301" — where a device is, in words. */
export function placeName(index: DistrictIndex, device: DeviceDef, lang: Lang): string {
  const parts: string[] = [];
  const courtyard = device.courtyardId ? index.courtyards.get(device.courtyardId) : undefined;
  const building = device.buildingId ? index.buildings.get(device.buildingId) : undefined;
  const household = device.householdId ? index.households.get(device.householdId) : undefined;
  if (courtyard) parts.push(courtyard.name[lang]);
  if (building) parts.push(building.name[lang]);
  if (device.floor !== null) parts.push(lang === 'zh' ? `${device.floor}层` : `floor ${device.floor}`);
  if (household) parts.push(household.unit);
  else if (device.room) parts.push(device.room);
  return parts.join(' ') || index.district.name[lang];
}
