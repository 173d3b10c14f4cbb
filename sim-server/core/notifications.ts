// Who hears of an alarm, by which channel: the linkage tiers of its grade turned into recipients.
// All of one round go out at the same moment (DOMAIN.md: "at the same time"; NFPA 72 §10.11.1 asks
// for notification within 10 s of activation). Pure: sinks deliver what this plans.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { placeName, reportPlaceName } from '../../twin-assets/districtIndex';
import { ALARM_INSTRUCTIONS, kindLabel, LEVEL_LABELS } from '../../twin-assets/labels';
import { REPORT_CATEGORY_LABELS, type HazardReport } from '../../twin-assets/reports';
import type { AlarmJson, LinkageTier } from '../../twin-assets/protocol';
import type { NotifyChannel } from '../../bridge/topics';

export interface Recipient { role: string; name: string; address: string }

export interface Notification {
  id: string;
  /** The alarm, or the resident's report, it is about. */
  alarmId: string;
  round: number;
  tier: LinkageTier;
  channel: NotifyChannel;
  recipient: Recipient;
  level: string;
  text: { zh: string; en: string };
  exercise: boolean;
  at: number;
}

/** Outside services called at level I, by kind: 119 fire and rescue, 120 ambulance, 110 police. */
const EMERGENCY_NUMBERS: Record<string, string[]> = {
  gas_leak: ['119'], fire: ['119'], smoke: ['119'], electrical_leak: ['119'], electrical_overheat: ['119'], charging_overheat: ['119'],
  hot_spot: ['119'], sprinkler_flow: ['119'], flood: ['119', '110'], elevator_entrapment: ['119'], fall: ['120'], sos: ['120', '110'],
  heart_rate_abnormal: ['120'], crane_overload: ['110', '120'], crane_high_wind: ['110'], crane_overspeed: ['110'], manhole_displaced: ['110'],
};

export function planNotifications(index: DistrictIndex, alarm: AlarmJson, tiers: LinkageTier[], round: number, now: number): Notification[] {
  const device = index.devices.get(alarm.deviceId);
  if (!device) return [];
  const household = device.householdId ? index.households.get(device.householdId) : undefined;
  const building = device.buildingId ? index.buildings.get(device.buildingId) : undefined;
  const courtyard = index.courtyards.get(device.courtyardId ?? building?.courtyardId ?? '');
  const grid = courtyard ? index.grids.get(courtyard.gridId) : undefined;
  const d = index.district;
  const nearestStation = [...d.microFireStations].sort((a, b) =>
    Math.hypot(a.x - alarm.location.x, a.y - alarm.location.y) - Math.hypot(b.x - alarm.location.x, b.y - alarm.location.y))[0];

  const text = {
    zh: `【${LEVEL_LABELS[alarm.level].zh}${kindLabel(alarm.kind).zh}】${placeName(index, device, 'zh')}。${ALARM_INSTRUCTIONS[alarm.kind]?.zh ?? '请立即处置。'}${alarm.exercise ? '（演练）' : ''}`,
    en: `[${LEVEL_LABELS[alarm.level].en} ${kindLabel(alarm.kind).en}] ${placeName(index, device, 'en')}. ${ALARM_INSTRUCTIONS[alarm.kind]?.en ?? 'Act now.'}${alarm.exercise ? ' (drill)' : ''}`,
  };
  const out: Notification[] = [];
  const add = (tier: LinkageTier, channel: NotifyChannel, recipient: Recipient) => out.push({
    id: `${alarm.id}.r${round}.${out.length + 1}`, alarmId: alarm.id, round, tier, channel, recipient, level: alarm.level, text, exercise: alarm.exercise, at: now,
  });
  for (const tier of tiers) {
    switch (tier) {
      case 'household':
        for (const c of household?.contacts ?? []) for (const ch of c.channels) add(tier, ch, { role: `relative:${c.relation}`, name: c.name, address: c.phone });
        break;
      case 'building':
        if (building?.head) { add(tier, 'voice', { role: 'building_head', ...asAddress(building.head) }); add(tier, 'sms', { role: 'building_head', ...asAddress(building.head) }); }
        if (courtyard?.guardRoomPhone) add(tier, 'voice', { role: 'guard_room', name: courtyard.name.zh, address: courtyard.guardRoomPhone });
        break;
      case 'grid':
        if (grid) for (const ch of ['voice', 'sms', 'wechat'] as const) add(tier, ch, { role: 'grid_worker', ...asAddress(grid.worker) });
        break;
      case 'community': {
        const community = courtyard ? d.communities.find((c) => c.id === courtyard.communityId) : undefined;
        if (community) add(tier, 'screen', { role: 'community_duty', name: community.name.zh, address: `screen:${community.id}` });
        if (nearestStation) add(tier, 'radio', { role: 'micro_fire_station', name: nearestStation.name.zh, address: `radio:${nearestStation.id}` });
        break;
      }
      case 'street':
        if (d.governanceCentre) add(tier, 'screen', { role: 'governance_centre', name: d.governanceCentre.name.zh, address: `screen:${d.governanceCentre.id}` });
        if (alarm.level === 'I') for (const n of EMERGENCY_NUMBERS[alarm.kind] ?? []) add(tier, 'voice', { role: `emergency_${n}`, name: n, address: n });
        break;
    }
  }
  return out;
}

const asAddress = (p: { name: string; phone: string }) => ({ name: p.name, address: p.phone });

/** An accepted resident's report, told to every tier at once: the building's residents (its WeChat group),
 * the building head and guard room, the grid worker, the community and the street centre (DOMAIN.md: a
 * report reaches street, community and courtyard within a minute; grid worker and building head go). */
export function planReportNotifications(index: DistrictIndex, report: HazardReport, now: number): Notification[] {
  const building = report.place.buildingId ? index.buildings.get(report.place.buildingId) : undefined;
  const courtyard = report.place.courtyardId ? index.courtyards.get(report.place.courtyardId) : undefined;
  const grid = courtyard ? index.grids.get(courtyard.gridId) : undefined;
  const community = courtyard ? index.district.communities.find((c) => c.id === courtyard.communityId) : undefined;
  const category = REPORT_CATEGORY_LABELS[report.category];
  const text = {
    zh: `【隐患随手拍 ${report.id}】${category.zh}：${reportPlaceName(index, report.place, 'zh')}。请网格员、楼栋长到场核实处置。`,
    en: `[Hazard report ${report.id}] ${category.en}: ${reportPlaceName(index, report.place, 'en')}. Grid worker and building head, please check it on site.`,
  };
  const out: Notification[] = [];
  const add = (tier: LinkageTier, channel: NotifyChannel, recipient: Recipient) => out.push({
    id: `${report.id}.n${out.length + 1}`, alarmId: report.id, round: 1, tier, channel, recipient, level: 'IV', text, exercise: false, at: now,
  });
  if (building) add('household', 'wechat', { role: 'building_residents', name: `${building.name.zh}住户群`, address: `wechat-group:${building.id}` });
  if (building?.head) for (const ch of ['sms', 'wechat'] as const) add('building', ch, { role: 'building_head', ...asAddress(building.head) });
  if (courtyard?.guardRoomPhone) add('building', 'voice', { role: 'guard_room', name: courtyard.name.zh, address: courtyard.guardRoomPhone });
  if (grid) for (const ch of ['sms', 'wechat'] as const) add('grid', ch, { role: 'grid_worker', ...asAddress(grid.worker) });
  if (community) add('community', 'screen', { role: 'community_duty', name: community.name.zh, address: `screen:${community.id}` });
  if (index.district.governanceCentre) add('street', 'screen', { role: 'governance_centre', name: index.district.governanceCentre.name.zh, address: `screen:${index.district.governanceCentre.id}` });
  return out;
}

