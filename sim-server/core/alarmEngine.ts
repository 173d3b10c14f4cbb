// Readings, statuses and operator actions in; alarm transitions out. No IO and no clock of its own:
// every call passes `now`, and `tick(now)` runs what time alone decides (delays, missed heartbeats,
// shelving expiry, escalation). One open alarm per (device, condition); a repeat updates it.
import { REPORT_INTERVAL_MS, type DeviceType } from '../../twin-assets/deviceCatalog';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import type { Rule, RuleSet } from '../../twin-assets/rulesSchema';
import { LINKAGE_TIERS, type Actor, type AlarmJson, type AlarmState, type LinkageTier, type ResponseLevel } from '../../twin-assets/protocol';
import { isActive, isAside, isOpen, nextAlarmState, restoredState, type LifecycleInput } from './alarmLifecycle';
import { grade } from './grading';
import { evaluateRule, type Previous, type Verdict } from './ruleEval';

export interface Transition { at: number; from: AlarmState | null; to: AlarmState; level: ResponseLevel; by: string | null; byId?: string; reason?: string }

export interface AlarmEvent {
  type: 'raised' | 'updated' | 'closed';
  alarm: AlarmJson;
  transition: Transition;
  /** Tiers to notify now, and the notification round (1 at raise, +1 per escalation). */
  notify: { tiers: LinkageTier[]; round: number } | null;
  factors: string[];
}

export type ActionResult =
  | { ok: true; events: AlarmEvent[] }
  | { ok: false; code: 'not_found' | 'wrong_state'; message: string };
export type AckResult = ActionResult;

/** What the journal keeps of an alarm: enough to bring it back, timers included. */
export interface StoredAlarm {
  alarm: AlarmJson; ruleId: string; history: Transition[]; baseLevel: ResponseLevel; factors: string[];
  escalations: number; escalateAt: number | null; round: number; conditionActive: boolean; shelvedUntil: number | null;
}

/** A condition the engine watches: a rule from the rules file, or a device fault. */
interface Spec { key: string; kind: string; onDelayMs: number; offDelayMs: number; level: ResponseLevel; fault: boolean }
interface Condition { active: boolean; raw: boolean; rawSince: number; level: ResponseLevel | null; spec: Spec; deviceId: string; key: string }
/** What the engine remembers of one quantity of one device: its latest value, the number before (for rates) and how
 * many readings in a row repeated the same number (stuck sensors). One map entry, changed in place: the alarm path
 * makes no garbage for a quiet reading. */
interface QuantityState { latest: number | boolean; previous: Previous | undefined; repeated: number | null; repeats: number }

/** What the engine holds of one device (not deviceTwin's DeviceState, the device's own picture). */
interface OfDevice { keys: Map<string, string>; quantities: Map<string, QuantityState>; conditions: Map<string, Condition> }

const FAULT_LEVEL: ResponseLevel = 'IV';
const faultSpec = (key: string, kind: string): Spec => ({ key, kind, onDelayMs: 0, offDelayMs: 0, level: FAULT_LEVEL, fault: true });
const OFFLINE = faultSpec('fault.offline', 'device_offline');
const ruleSpec = (rule: Rule): Spec => ({ key: rule.id, kind: rule.kind, onDelayMs: rule.onDelayMs, offDelayMs: rule.offDelayMs, level: ruleLevel(rule), fault: false });
const RECENTLY_CLOSED_KEPT = 500;
const CLOSED_KEPT_PER_DEVICE = 20;
const BATTERY_HYSTERESIS_PCT = 5;
const NONE: readonly AlarmJson[] = Object.freeze([]);

export class AlarmEngine {
  private readonly open = new Map<string, StoredAlarm>();
  private readonly openByCondition = new Map<string, string>();
  private readonly recentlyClosed: StoredAlarm[] = [];
  private readonly closedByDevice = new Map<string, StoredAlarm[]>();
  private readonly rulesByType = new Map<string, { rule: Rule; spec: Spec }[]>();
  private readonly ruleSpecs = new Map<string, Spec>();
  private readonly stuckSpecs = new Map<string, Spec>();
  private readonly conditions = new Map<string, Condition>();
  private readonly pending = new Set<string>();
  private readonly lastHeard = new Map<string, number>();
  private readonly openByDevice = new Map<string, Set<string>>();
  /** Open alarms by place, so spread is counted among neighbours, not over every open alarm. */
  private readonly openByPlace = new Map<string, Set<StoredAlarm>>();
  private readonly outOfService = new Set<string>();
  private readonly raisedAt: number[] = [];

  /** Each device's own: its "device|condition" keys (made once each: a string built afresh is hashed afresh on
   * every lookup), its quantities and its conditions by spec key. A reading finds its device once and then looks
   * up short keys in small maps (the live path's hottest lines on the full street). */
  private readonly devices = new Map<string, OfDevice>();
  private stateOf(deviceId: string): OfDevice {
    let d = this.devices.get(deviceId);
    if (!d) this.devices.set(deviceId, (d = { keys: new Map(), quantities: new Map(), conditions: new Map() }));
    return d;
  }
  private key(deviceId: string, part: string, d = this.stateOf(deviceId)): string {
    let k = d.keys.get(part);
    if (k === undefined) d.keys.set(part, (k = `${deviceId}|${part}`));
    return k;
  }
  private addCondition(c: Condition): void {
    this.conditions.set(c.key, c);
    this.stateOf(c.deviceId).conditions.set(c.spec.key, c);
  }

  /** Rules whose alarms are suppressed while their device is offline (rules file: suppressWhenOffline). */
  private readonly suppressible = new Set<string>();

  constructor(private readonly index: DistrictIndex, private readonly rules: RuleSet, private readonly exercise: boolean) {
    for (const rule of rules.rules) {
      if (rule.suppressWhenOffline) this.suppressible.add(rule.id);
      const spec = ruleSpec(rule);
      this.ruleSpecs.set(rule.id, spec);
      const list = this.rulesByType.get(rule.deviceType) ?? [];
      list.push({ rule, spec });
      this.rulesByType.set(rule.deviceType, list);
    }
    for (const q of rules.faults.stuckQuantities) this.stuckSpecs.set(q, faultSpec(`fault.stuck.${q}`, 'stuck_value'));
  }

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); the rest is built again from the district and the rules. */
  saveState() {
    const { open, openByCondition, recentlyClosed, closedByDevice, conditions, pending, lastHeard, openByDevice, openByPlace, outOfService, raisedAt, devices } = this;
    return { open, openByCondition, recentlyClosed, closedByDevice, conditions, pending, lastHeard, openByDevice, openByPlace, outOfService, raisedAt, devices };
  }
  loadState(s: ReturnType<AlarmEngine['saveState']>): void { Object.assign(this, s); }

  // ---- inputs ----

  onReading(deviceId: string, values: Record<string, number | boolean>, now: number): AlarmEvent[] {
    const device = this.index.devices.get(deviceId);
    if (!device) return [];
    const d = this.stateOf(deviceId);
    const events = this.heard(deviceId, now, d);
    for (const q in values) {
      const st = d.quantities.get(q);
      if (st) st.latest = values[q]!;
      else d.quantities.set(q, { latest: values[q]!, previous: undefined, repeated: null, repeats: 0 });
    }
    for (const { rule, spec } of this.rulesByType.get(device.type) ?? []) {
      const value = values[rule.quantity];
      if (value === undefined) continue;
      const verdict = evaluateRule(rule, value, d.conditions.get(rule.id)?.active ?? false, d.quantities.get(rule.quantity)?.previous, now);
      const raised = this.feed(deviceId, spec, verdict, now, undefined, d);
      if (raised.length) events.push(...raised);
    }
    for (const q in values) {
      const v = values[q];
      if (typeof v !== 'number') continue;
      const st = d.quantities.get(q)!;
      if (st.previous) { st.previous.value = v; st.previous.at = now; } else st.previous = { value: v, at: now };
      const stuckSpec = this.stuckSpecs.get(q);
      if (!stuckSpec) continue;
      st.repeats = st.repeated === v ? st.repeats + 1 : 1;
      st.repeated = v;
      const stuck = st.repeats >= this.rules.faults.stuckReadings;
      const faults = this.feed(deviceId, stuckSpec, stuck ? { active: true, level: FAULT_LEVEL } : { active: false }, now, undefined, d);
      if (faults.length) events.push(...faults);
    }
    return events;
  }

  /** A status message: `online: false` is the device's last will. */
  onStatus(deviceId: string, status: { online: boolean; battery: number | null }, now: number): AlarmEvent[] {
    if (!this.index.devices.has(deviceId)) return [];
    const events: AlarmEvent[] = status.online ? this.heard(deviceId, now)
      : (this.lastHeard.set(deviceId, now), this.feed(deviceId, OFFLINE, { active: true, level: FAULT_LEVEL }, now, 'last will'));
    if (status.battery !== null) {
      const wasLow = this.stateOf(deviceId).conditions.get('fault.low_battery')?.active ?? false;
      const low = status.battery < this.rules.faults.lowBatteryPct + (wasLow ? BATTERY_HYSTERESIS_PCT : 0);
      events.push(...this.feed(deviceId, faultSpec('fault.low_battery', 'low_battery'), low ? { active: true, level: FAULT_LEVEL } : { active: false }, now));
    }
    return events;
  }

  /** A command the device did not answer in time is a fault; an answer (any answer) clears it. */
  commandFault(deviceId: string, failed: boolean, now: number): AlarmEvent[] {
    if (!this.index.devices.has(deviceId)) return [];
    return this.feed(deviceId, faultSpec('fault.command', 'command_failed'), failed ? { active: true, level: FAULT_LEVEL } : { active: false }, now, failed ? 'no answer to a command' : undefined);
  }

  /** What time alone decides. Call it often (the live twin: every second; drills: every step). */
  tick(now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const key of [...this.pending]) {
      const c = this.conditions.get(key)!;
      events.push(...this.settle(c, now));
    }
    for (const [deviceId, at] of this.lastHeard) {
      const type = this.index.devices.get(deviceId)!.type as DeviceType;
      if (now - at > REPORT_INTERVAL_MS[type] * this.rules.faults.heartbeatMissedFactor && !this.stateOf(deviceId).conditions.get(OFFLINE.key)?.active) {
        events.push(...this.feed(deviceId, OFFLINE, { active: true, level: FAULT_LEVEL }, now, 'missed heartbeat'));
      }
    }
    for (const record of [...this.open.values()]) {
      if (record.alarm.state === 'shelved' && record.shelvedUntil !== null && now >= record.shelvedUntil) {
        events.push(...this.restore(record, null, now, 'shelving expired'));
      } else if (record.alarm.state === 'active_unacked' && record.escalateAt !== null && now >= record.escalateAt) {
        events.push(...this.escalate(record, now));
      }
    }
    return events;
  }

  // ---- operator actions ----

  acknowledge(alarmId: string, by: Actor, now: number): ActionResult {
    const record = this.open.get(alarmId);
    if (!record) return notFound(alarmId);
    const to = nextAlarmState(record.alarm.state, 'acknowledge');
    if (!to) return wrongState(record, 'acknowledged');
    record.alarm.ackedAt = now;
    record.alarm.ackedBy = by.name;
    record.escalateAt = null;
    return { ok: true, events: this.move(record, to, by, now) };
  }

  shelve(alarmId: string, by: Actor, now: number, untilMs: number, reason: string): ActionResult {
    return this.setAside(alarmId, 'shelve', by, now, reason, untilMs);
  }

  unshelve(alarmId: string, by: Actor, now: number): ActionResult {
    const record = this.open.get(alarmId);
    if (!record) return notFound(alarmId);
    if (record.alarm.state !== 'shelved') return wrongState(record, 'unshelved');
    return { ok: true, events: this.restore(record, by, now, 'unshelved') };
  }

  /** Taking a device out of service sets its alarms aside and raises no new ones until it is back. */
  setOutOfService(deviceId: string, outOfService: boolean, by: Actor, now: number, reason?: string): ActionResult {
    if (!this.index.devices.has(deviceId)) return { ok: false, code: 'not_found', message: `no device "${deviceId}"` };
    if (this.outOfService.has(deviceId) === outOfService) return { ok: true, events: [] };
    const events: AlarmEvent[] = [];
    if (outOfService) {
      this.outOfService.add(deviceId);
      for (const r of this.openRecordsOf(deviceId)) {
        const to = nextAlarmState(r.alarm.state, 'remove_from_service');
        if (to) events.push(...this.move(r, to, by, now, reason ? `out of service: ${reason}` : 'out of service'));
      }
    } else {
      this.outOfService.delete(deviceId);
      for (const r of this.openRecordsOf(deviceId)) if (r.alarm.state === 'out_of_service') events.push(...this.restore(r, by, now, 'back in service'));
      // Conditions that came up while it was out are raised now.
      for (const c of this.stateOf(deviceId).conditions.values()) if (c.active && !this.openByCondition.has(c.key)) events.push(...this.apply(c, now));
    }
    return { ok: true, events };
  }

  isOutOfService(deviceId: string): boolean { return this.outOfService.has(deviceId); }

  outOfServiceDevices(): string[] { return [...this.outOfService]; }

  /** Every open alarm as the journal keeps it, for a snapshot. */
  openStored(): StoredAlarm[] { return [...this.open.values()].map((r) => structuredClone(r)); }

  /** When each device was last heard, brought back after a restart: a device silent since before it is still found offline. */
  restoreHeard(lastHeard: Record<string, number>): void {
    for (const [id, at] of Object.entries(lastHeard)) if (this.index.devices.has(id) && !this.lastHeard.has(id)) this.lastHeard.set(id, at);
  }

  // ---- queries ----

  get(alarmId: string): AlarmJson | undefined {
    const r = this.find(alarmId);
    return r ? { ...r.alarm } : undefined;
  }

  stored(alarmId: string): StoredAlarm | undefined {
    const r = this.find(alarmId);
    return r ? structuredClone(r) : undefined;
  }

  list(): AlarmJson[] {
    return [...this.recentlyClosed, ...this.open.values()].map((r) => ({ ...r.alarm })).sort((a, b) => a.raisedAt - b.raisedAt);
  }

  openAlarms(): AlarmJson[] { return [...this.open.values()].map((r) => ({ ...r.alarm })); }

  countOpenByLevel(): Record<ResponseLevel, number> {
    const counts: Record<ResponseLevel, number> = { IV: 0, III: 0, II: 0, I: 0 };
    for (const r of this.open.values()) counts[r.alarm.level]++;
    return counts;
  }

  openAlarmsOf(deviceId: string): AlarmJson[] { return this.openRecordsOf(deviceId).map((r) => ({ ...r.alarm })); }

  /** A device's open alarms not set aside, as they are (not copies: read them, never keep them): the display asks
   * on every reading, and a quiet device has none. */
  shownAlarmsOf(deviceId: string): readonly AlarmJson[] {
    const ids = this.openByDevice.get(deviceId);
    if (!ids?.size) return NONE;
    const shown: AlarmJson[] = [];
    for (const id of ids) { const a = this.open.get(id)!.alarm; if (!isAside(a.state)) shown.push(a); }
    return shown;
  }

  history(alarmId: string): Transition[] { return [...(this.find(alarmId)?.history ?? [])]; }

  historyOf(deviceId: string): (AlarmJson & { transitions: Transition[]; factors: string[] })[] {
    return [...(this.closedByDevice.get(deviceId) ?? []), ...this.openRecordsOf(deviceId)]
      .map((r) => ({ ...r.alarm, transitions: [...r.history], factors: [...r.factors] }))
      .sort((a, b) => a.raisedAt - b.raisedAt);
  }

  /** Alarms raised within the flood window, and whether that is an ISA-18.2 flood. */
  floodAt(now: number): { active: boolean; count: number } {
    const from = now - this.rules.flood.windowMs;
    while (this.raisedAt.length && this.raisedAt[0]! < from) this.raisedAt.shift();
    return { active: this.raisedAt.length > this.rules.flood.alarms, count: this.raisedAt.length };
  }

  /** Brings an alarm back from the journal after a restart. */
  restoreStored(s: StoredAlarm): void {
    if (!isOpen(s.alarm.state)) return;
    const record = structuredClone(s);
    this.open.set(record.alarm.id, record);
    const key = this.key(record.alarm.deviceId, record.ruleId);
    this.openByCondition.set(key, record.alarm.id);
    this.indexOpen(record);
    const spec = this.specFor(record.ruleId, record.alarm.kind);
    if (spec) this.addCondition({ active: record.conditionActive, raw: record.conditionActive, rawSince: record.alarm.raisedAt, level: record.baseLevel, spec, deviceId: record.alarm.deviceId, key });
    if (record.alarm.state === 'out_of_service') this.outOfService.add(record.alarm.deviceId);
  }

  // ---- conditions ----

  private heard(deviceId: string, now: number, d = this.stateOf(deviceId)): AlarmEvent[] {
    this.lastHeard.set(deviceId, now);
    return d.conditions.get(OFFLINE.key)?.active ? this.feed(deviceId, OFFLINE, { active: false }, now, undefined, d) : [];
  }

  private feed(deviceId: string, spec: Spec, verdict: Verdict, now: number, reason?: string, d = this.stateOf(deviceId)): AlarmEvent[] {
    let c = d.conditions.get(spec.key);
    if (!c) { c = { active: false, raw: false, rawSince: now, level: null, spec, deviceId, key: this.key(deviceId, spec.key, d) }; this.addCondition(c); }
    const key = c.key;
    const before = c.level;
    if (verdict.active && verdict.level) c.level = verdict.level;
    if (verdict.active !== c.raw) { c.raw = verdict.active; c.rawSince = now; }
    const events = this.settle(c, now, reason);
    // Still active: the alarm carries the latest reading; a new band regrades it.
    if (c.active && c.raw) {
      const id = this.openByCondition.get(key);
      const record = id ? this.open.get(id) : undefined;
      if (record) {
        record.alarm.reading = this.readingOf(record, c);
        if (before !== c.level) { record.baseLevel = c.level!; events.push(...this.regrade(record, now)); }
      }
    }
    return events;
  }

  /** Flips a condition once its raw value has held for the rule's delay. */
  private settle(c: Condition, now: number, reason?: string): AlarmEvent[] {
    const key = c.key;
    if (c.raw === c.active) { if (this.pending.size) this.pending.delete(key); return []; }
    const delay = c.raw ? c.spec.onDelayMs : c.spec.offDelayMs;
    if (now - c.rawSince < delay) { this.pending.add(key); return []; }
    this.pending.delete(key);
    c.active = c.raw;
    return this.apply(c, now, reason);
  }

  private apply(c: Condition, now: number, reason?: string): AlarmEvent[] {
    const key = c.key;
    const id = this.openByCondition.get(key);
    const record = id ? this.open.get(id) : undefined;
    const events: AlarmEvent[] = [];
    if (!record) {
      if (c.active && !this.outOfService.has(c.deviceId)) events.push(...this.raise(c, now, reason));
    } else {
      record.conditionActive = c.active;
      if (c.active) record.baseLevel = c.level ?? record.baseLevel;
      const to = nextAlarmState(record.alarm.state, c.active ? 'condition_active' : 'condition_clear');
      if (to && to !== record.alarm.state) {
        if (to === 'active_unacked') record.escalateAt = now + this.rules.escalation.afterMs[record.alarm.level];
        if (to === 'rtn_unacked') record.escalateAt = null;
        events.push(...this.move(record, to, null, now, reason));
      }
    }
    if (c.spec.key === 'fault.offline') events.push(...this.suppressOthers(c.deviceId, c.active, now));
    return events;
  }

  /** While a device is offline, the alarms of rules marked suppressWhenOffline cannot be trusted: suppressed by
   * design until it is back. Every other alarm (life safety always) stays active and escalates on its clock,
   * with the device_offline fault beside it. */
  private suppressOthers(deviceId: string, offline: boolean, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const r of this.openRecordsOf(deviceId)) {
      if (r.ruleId.startsWith('fault.')) continue;
      if (offline && !this.suppressible.has(r.ruleId)) continue;
      if (offline) { const to = nextAlarmState(r.alarm.state, 'suppress'); if (to) events.push(...this.move(r, to, null, now, 'device offline')); }
      else if (r.alarm.state === 'suppressed') events.push(...this.restore(r, null, now, 'device back online'));
    }
    return events;
  }

  // ---- alarms ----

  private raise(c: Condition, now: number, reason?: string): AlarmEvent[] {
    const device = this.index.devices.get(c.deviceId)!;
    const base = c.level ?? c.spec.level;
    let id = `${c.deviceId}.${c.spec.key}.${now}`;
    for (let n = 2; this.find(id); n++) id = `${c.deviceId}.${c.spec.key}.${now}-${n}`; // closed and raised again within a millisecond
    const alarm: AlarmJson = {
      id,
      deviceId: c.deviceId, deviceType: device.type, kind: c.spec.kind, level: base,
      state: 'active_unacked', raisedAt: now, ackedAt: null, ackedBy: null,
      location: { courtyardId: device.courtyardId, buildingId: device.buildingId, floor: device.floor, x: device.position.x, y: device.position.y, z: device.position.z },
      reading: {}, notified: [], exercise: this.exercise,
    };
    const record: StoredAlarm = { alarm, ruleId: c.spec.key, history: [], baseLevel: base, factors: [], escalations: 0, escalateAt: null, round: 1, conditionActive: true, shelvedUntil: null };
    alarm.reading = this.readingOf(record, c);
    const graded = this.gradeOf(record, now);
    alarm.level = graded.level;
    record.factors = graded.factors;
    alarm.notified = this.tiersFor(alarm.level, device);
    record.escalateAt = now + this.rules.escalation.afterMs[alarm.level];
    const transition: Transition = { at: now, from: null, to: 'active_unacked', level: alarm.level, by: null, ...(reason ? { reason } : {}) };
    record.history.push(transition);
    this.open.set(alarm.id, record);
    this.openByCondition.set(this.key(c.deviceId, c.spec.key), alarm.id);
    this.indexOpen(record);
    if (!c.spec.fault) this.raisedAt.push(now);
    const events: AlarmEvent[] = [{ type: 'raised', alarm: { ...alarm }, transition, notify: { tiers: [...alarm.notified], round: 1 }, factors: [...record.factors] }];
    if (!c.spec.fault) events.push(...this.regradeNeighbours(record, now));
    return events;
  }

  /** A lifecycle transition; a closing alarm also lets its neighbours' spread factor fall. */
  private move(record: StoredAlarm, to: AlarmState, by: Actor | null, now: number, reason?: string): AlarmEvent[] {
    const transition: Transition = { at: now, from: record.alarm.state, to, level: record.alarm.level, by: by?.name ?? null, ...(by ? { byId: by.id } : {}), ...(reason ? { reason } : {}) };
    record.history.push(transition);
    record.alarm.state = to;
    const event: AlarmEvent = { type: isOpen(to) ? 'updated' : 'closed', alarm: { ...record.alarm }, transition, notify: null, factors: [...record.factors] };
    if (isOpen(to)) return [event];
    this.close(record);
    return [event, ...(record.ruleId.startsWith('fault.') ? [] : this.regradeNeighbours(record, now))];
  }

  private close(record: StoredAlarm): void {
    this.open.delete(record.alarm.id);
    this.openByCondition.delete(this.key(record.alarm.deviceId, record.ruleId));
    this.openByDevice.get(record.alarm.deviceId)?.delete(record.alarm.id);
    for (const place of placesOf(record)) this.openByPlace.get(place)?.delete(record);
    record.escalateAt = null;
    this.recentlyClosed.push(record);
    if (this.recentlyClosed.length > RECENTLY_CLOSED_KEPT) this.recentlyClosed.shift();
    const mine = this.closedByDevice.get(record.alarm.deviceId) ?? [];
    mine.push(record);
    if (mine.length > CLOSED_KEPT_PER_DEVICE) mine.shift();
    this.closedByDevice.set(record.alarm.deviceId, mine);
  }

  private setAside(alarmId: string, input: LifecycleInput, by: Actor, now: number, reason: string, untilMs?: number): ActionResult {
    const record = this.open.get(alarmId);
    if (!record) return notFound(alarmId);
    const to = nextAlarmState(record.alarm.state, input);
    if (!to) return wrongState(record, input === 'shelve' ? 'shelved' : 'set aside');
    record.shelvedUntil = untilMs ?? null;
    record.escalateAt = null;
    return { ok: true, events: this.move(record, to, by, now, reason) };
  }

  private restore(record: StoredAlarm, by: Actor | null, now: number, reason: string): AlarmEvent[] {
    record.shelvedUntil = null;
    const to = restoredState(record.alarm.ackedAt !== null, record.conditionActive);
    if (to === 'active_unacked') record.escalateAt = now + this.rules.escalation.afterMs[record.alarm.level];
    return this.move(record, to, by, now, reason);
  }

  private escalate(record: StoredAlarm, now: number): AlarmEvent[] {
    record.escalations += 1;
    record.round += 1;
    const graded = this.gradeOf(record, now);
    const from = record.alarm.level;
    record.alarm.level = graded.level;
    record.factors = graded.factors;
    const device = this.index.devices.get(record.alarm.deviceId)!;
    record.alarm.notified = this.tiersFor(graded.level, device, record.alarm.notified);
    record.escalateAt = record.round <= this.rules.escalation.maxRounds ? now + this.rules.escalation.afterMs[graded.level] : null;
    const transition: Transition = { at: now, from: record.alarm.state, to: record.alarm.state, level: graded.level, by: null, reason: `escalated from ${from}: not acknowledged` };
    record.history.push(transition);
    // Every tier of the new grade is notified again, in a new round.
    return [{ type: 'updated', alarm: { ...record.alarm }, transition, notify: { tiers: [...record.alarm.notified], round: record.round }, factors: [...record.factors] }];
  }

  private regrade(record: StoredAlarm, now: number): AlarmEvent[] {
    if (!isOpen(record.alarm.state)) return [];
    const graded = this.gradeOf(record, now);
    record.factors = graded.factors;
    if (graded.level === record.alarm.level) return [];
    const device = this.index.devices.get(record.alarm.deviceId)!;
    const before = new Set(record.alarm.notified);
    record.alarm.level = graded.level;
    record.alarm.notified = this.tiersFor(graded.level, device, record.alarm.notified);
    const added = record.alarm.notified.filter((t) => !before.has(t));
    const transition: Transition = { at: now, from: record.alarm.state, to: record.alarm.state, level: graded.level, by: null, reason: `regraded: ${graded.factors.join(', ')}` };
    record.history.push(transition);
    return [{ type: 'updated', alarm: { ...record.alarm }, transition, notify: added.length && isActive(record.alarm.state) ? { tiers: added, round: record.round } : null, factors: [...graded.factors] }];
  }

  /** A new (or closed) alarm may raise (or lower) the spread factor of others in its building or courtyard. */
  private regradeNeighbours(changed: StoredAlarm, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const r of this.neighbours(changed)) {
      if (r.ruleId.startsWith('fault.') || isAside(r.alarm.state)) continue;
      events.push(...this.regrade(r, now));
    }
    return events;
  }

  private gradeOf(record: StoredAlarm, now: number) {
    const { buildingId, courtyardId } = record.alarm.location;
    let spreadBuilding = 0;
    let spreadCourtyard = 0;
    if (!record.ruleId.startsWith('fault.')) {
      for (const r of this.neighbours(record)) {
        if (r.ruleId.startsWith('fault.') || now - r.alarm.raisedAt > this.rules.grading.spreadWindowMs) continue;
        if (buildingId && r.alarm.location.buildingId === buildingId) spreadBuilding++;
        if (courtyardId && r.alarm.location.courtyardId === courtyardId) spreadCourtyard++;
      }
    }
    const device = this.index.devices.get(record.alarm.deviceId)!;
    const vulnerable = this.rules.grading.vulnerableKinds.includes(record.alarm.kind) && this.isVulnerable(device);
    return grade({ base: record.baseLevel, vulnerable, spreadBuilding, spreadCourtyard, escalations: record.escalations }, this.rules.grading);
  }

  private isVulnerable(device: DeviceDef): boolean {
    const household = device.householdId ? this.index.households.get(device.householdId) : undefined;
    return household?.residents.some((r) => (r.livingAlone && r.age >= 70) || r.disabled) ?? false;
  }

  private tiersFor(level: ResponseLevel, device: DeviceDef, already: LinkageTier[] = []): LinkageTier[] {
    const wanted = new Set([...this.rules.tiersByLevel[level]!, ...device.notify, ...already]);
    return LINKAGE_TIERS.filter((t) => wanted.has(t));
  }

  private readingOf(record: StoredAlarm, c: Condition): Record<string, number | boolean> {
    const quantity = this.rules.rules.find((r) => r.id === c.spec.key)?.quantity;
    const last = quantity ? this.stateOf(c.deviceId).quantities.get(quantity)?.latest : undefined;
    return quantity && last !== undefined ? { [quantity]: last } : record.alarm.reading;
  }

  private specFor(key: string, kind: string): Spec | null {
    if (key.startsWith('fault.')) return faultSpec(key, kind);
    return this.ruleSpecs.get(key) ?? null;
  }

  private indexOpen(record: StoredAlarm): void {
    const ids = this.openByDevice.get(record.alarm.deviceId) ?? new Set<string>();
    ids.add(record.alarm.id);
    this.openByDevice.set(record.alarm.deviceId, ids);
    for (const place of placesOf(record)) {
      const set = this.openByPlace.get(place) ?? new Set<StoredAlarm>();
      set.add(record);
      this.openByPlace.set(place, set);
    }
  }

  private neighbours(record: StoredAlarm): Set<StoredAlarm> {
    const out = new Set<StoredAlarm>();
    for (const place of placesOf(record)) for (const r of this.openByPlace.get(place) ?? []) if (r !== record) out.add(r);
    return out;
  }

  private openRecordsOf(deviceId: string): StoredAlarm[] {
    return [...(this.openByDevice.get(deviceId) ?? [])].map((id) => this.open.get(id)!);
  }

  private find(alarmId: string): StoredAlarm | undefined {
    return this.open.get(alarmId) ?? this.recentlyClosed.find((r) => r.alarm.id === alarmId);
  }
}

const placesOf = (r: StoredAlarm) => [
  ...(r.alarm.location.buildingId ? [`b:${r.alarm.location.buildingId}`] : []),
  ...(r.alarm.location.courtyardId ? [`c:${r.alarm.location.courtyardId}`] : []),
];

function ruleLevel(rule: Rule): ResponseLevel {
  return rule.when === 'flag' || rule.when === 'rate' ? rule.level : rule.bands[0]!.level;
}

const notFound = (alarmId: string): ActionResult => ({ ok: false, code: 'not_found', message: `no open alarm "${alarmId}"` });
const wrongState = (r: StoredAlarm, what: string): ActionResult =>
  ({ ok: false, code: 'wrong_state', message: `alarm "${r.alarm.id}" is ${r.alarm.state} and cannot be ${what}` });
