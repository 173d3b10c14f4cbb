// Readings in, alarm transitions out. No IO, no clock of its own: the caller passes `now`.
// One open alarm per (device, rule); a repeat updates it, never duplicates it.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { Rule, RuleSet } from '../../twin-assets/rulesSchema';
import { levelRank, LINKAGE_TIERS, type AlarmJson, type AlarmState, type LinkageTier, type ResponseLevel } from '../../twin-assets/protocol';
import { isOpen, nextAlarmState } from './alarmLifecycle';
import { evaluateRule } from './ruleEval';

export interface Transition { at: number; from: AlarmState | null; to: AlarmState; level: ResponseLevel; by: string | null }

export interface AlarmEvent {
  type: 'raised' | 'updated' | 'closed';
  alarm: AlarmJson;
  transition: Transition;
}

export type AckResult =
  | { ok: true; events: AlarmEvent[] }
  | { ok: false; code: 'not_found' | 'wrong_state'; message: string };

interface AlarmRecord { alarm: AlarmJson; ruleId: string; history: Transition[] }

const RECENTLY_CLOSED_KEPT = 500;
const CLOSED_KEPT_PER_DEVICE = 20;

export class AlarmEngine {
  private readonly open = new Map<string, AlarmRecord>();
  private readonly openByDeviceRule = new Map<string, string>();
  private readonly recentlyClosed: AlarmRecord[] = [];
  private readonly closedByDevice = new Map<string, AlarmRecord[]>();
  private readonly rulesByType = new Map<string, Rule[]>();

  constructor(private readonly index: DistrictIndex, private readonly rules: RuleSet, private readonly exercise: boolean) {
    for (const rule of rules.rules) {
      const list = this.rulesByType.get(rule.deviceType) ?? [];
      list.push(rule);
      this.rulesByType.set(rule.deviceType, list);
    }
  }

  onReading(deviceId: string, values: Record<string, number | boolean>, now: number): AlarmEvent[] {
    const device = this.index.devices.get(deviceId);
    if (!device) return [];
    const events: AlarmEvent[] = [];
    for (const rule of this.rulesByType.get(device.type) ?? []) {
      const value = values[rule.quantity];
      if (value === undefined) continue;
      const key = `${deviceId}|${rule.id}`;
      const openId = this.openByDeviceRule.get(key);
      const record = openId ? this.open.get(openId) : undefined;
      const wasActive = record ? record.alarm.state === 'active_unacked' || record.alarm.state === 'active_acked' : false;
      const verdict = evaluateRule(rule, value, wasActive);
      if (!record) {
        if (verdict.active && verdict.level) events.push(this.raise(rule, deviceId, verdict.level, values, now));
        continue;
      }
      const to = nextAlarmState(record.alarm.state, verdict.active ? 'condition_active' : 'condition_clear');
      if (!to) continue;
      const level = verdict.active && verdict.level && levelRank(verdict.level) > levelRank(record.alarm.level) ? verdict.level : record.alarm.level;
      const changed = to !== record.alarm.state || level !== record.alarm.level;
      if (verdict.active) record.alarm.reading = pick(values, rule.quantity);
      if (changed) events.push(this.move(record, to, level, null, now));
    }
    return events;
  }

  acknowledge(alarmId: string, by: string, now: number): AckResult {
    const record = this.open.get(alarmId);
    if (!record) return { ok: false, code: 'not_found', message: `no open alarm "${alarmId}"` };
    const to = nextAlarmState(record.alarm.state, 'acknowledge');
    if (!to) return { ok: false, code: 'wrong_state', message: `alarm "${alarmId}" is ${record.alarm.state} and cannot be acknowledged` };
    record.alarm.ackedAt = now;
    record.alarm.ackedBy = by;
    return { ok: true, events: [this.move(record, to, record.alarm.level, by, now)] };
  }

  get(alarmId: string): AlarmJson | undefined {
    const record = this.open.get(alarmId) ?? this.recentlyClosed.find((r) => r.alarm.id === alarmId);
    return record ? { ...record.alarm } : undefined;
  }

  /** Open alarms, and the most recently closed ones, oldest first. */
  list(): AlarmJson[] {
    return [...this.recentlyClosed, ...this.open.values()].map((r) => ({ ...r.alarm })).sort((a, b) => a.raisedAt - b.raisedAt);
  }

  /** Open alarms of one device, from the (device, rule) index rather than a scan of every alarm. */
  openAlarmsOf(deviceId: string): AlarmJson[] {
    const out: AlarmJson[] = [];
    for (const rule of this.rulesByType.get(this.index.devices.get(deviceId)?.type ?? '') ?? []) {
      const id = this.openByDeviceRule.get(`${deviceId}|${rule.id}`);
      const record = id ? this.open.get(id) : undefined;
      if (record) out.push({ ...record.alarm });
    }
    return out;
  }

  /** A device's alarm history: its recently closed alarms and its open ones, each with its transitions. */
  historyOf(deviceId: string): (AlarmJson & { transitions: Transition[] })[] {
    const open = this.openAlarmsOf(deviceId).map((a) => this.open.get(a.id)!);
    return [...(this.closedByDevice.get(deviceId) ?? []), ...open]
      .map((r) => ({ ...r.alarm, transitions: [...r.history] }))
      .sort((a, b) => a.raisedAt - b.raisedAt);
  }

  openAlarms(): AlarmJson[] {
    return [...this.open.values()].map((r) => ({ ...r.alarm }));
  }

  history(alarmId: string): Transition[] {
    const record = this.open.get(alarmId) ?? this.recentlyClosed.find((r) => r.alarm.id === alarmId);
    return record ? [...record.history] : [];
  }

  private raise(rule: Rule, deviceId: string, level: ResponseLevel, values: Record<string, number | boolean>, now: number): AlarmEvent {
    const device = this.index.devices.get(deviceId)!;
    const alarm: AlarmJson = {
      id: `${deviceId}.${rule.id}.${now}`,
      deviceId, deviceType: device.type, kind: rule.kind, level,
      state: 'active_unacked', raisedAt: now, ackedAt: null, ackedBy: null,
      location: {
        courtyardId: device.courtyardId, buildingId: device.buildingId, floor: device.floor,
        x: device.position.x, y: device.position.y, z: device.position.z,
      },
      reading: pick(values, rule.quantity),
      notified: this.tiersFor(level, device.notify),
      exercise: this.exercise,
    };
    const transition: Transition = { at: now, from: null, to: alarm.state, level, by: null };
    const record: AlarmRecord = { alarm, ruleId: rule.id, history: [transition] };
    this.open.set(alarm.id, record);
    this.openByDeviceRule.set(`${deviceId}|${rule.id}`, alarm.id);
    return { type: 'raised', alarm: { ...alarm }, transition };
  }

  private move(record: AlarmRecord, to: AlarmState, level: ResponseLevel, by: string | null, now: number): AlarmEvent {
    const transition: Transition = { at: now, from: record.alarm.state, to, level, by };
    record.history.push(transition);
    record.alarm.state = to;
    if (level !== record.alarm.level) {
      record.alarm.level = level;
      record.alarm.notified = this.tiersFor(level, this.index.devices.get(record.alarm.deviceId)?.notify ?? [], record.alarm.notified);
    }
    if (!isOpen(to)) {
      this.open.delete(record.alarm.id);
      this.openByDeviceRule.delete(`${record.alarm.deviceId}|${record.ruleId}`);
      this.recentlyClosed.push(record);
      if (this.recentlyClosed.length > RECENTLY_CLOSED_KEPT) this.recentlyClosed.shift();
      const mine = this.closedByDevice.get(record.alarm.deviceId) ?? [];
      mine.push(record);
      if (mine.length > CLOSED_KEPT_PER_DEVICE) mine.shift();
      this.closedByDevice.set(record.alarm.deviceId, mine);
    }
    return { type: isOpen(to) ? 'updated' : 'closed', alarm: { ...record.alarm }, transition };
  }

  private tiersFor(level: ResponseLevel, always: LinkageTier[], already: LinkageTier[] = []): LinkageTier[] {
    const wanted = new Set([...this.rules.tiersByLevel[level]!, ...always, ...already]);
    return LINKAGE_TIERS.filter((t) => wanted.has(t));
  }
}

function pick(values: Record<string, number | boolean>, quantity: string): Record<string, number | boolean> {
  return { [quantity]: values[quantity]! };
}
