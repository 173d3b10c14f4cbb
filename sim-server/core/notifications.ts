// Who hears of an alarm, by which channel: the linkage tiers of its grade turned into recipients.
// All of one round go out at the same moment (DOMAIN.md: "at the same time"; NFPA 72 §10.11.1 asks
// for notification within 10 s of activation). Pure: sinks deliver what this plans.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { placeName } from '../../twin-assets/districtIndex';
import { ALARM_INSTRUCTIONS, kindLabel, LEVEL_LABELS } from '../../twin-assets/labels';
import type { AlarmJson, LinkageTier } from '../../twin-assets/protocol';
import type { NotifyChannel } from '../../bridge/topics';

export interface Recipient { role: string; name: string; address: string }

export interface Notification {
  id: string;
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
