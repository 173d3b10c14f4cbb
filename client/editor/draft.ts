// What the scenario editor does to a draft, as edits of its YAML text (scenarios/yamlEdit.ts: every other
// byte stays as the trainer wrote it). Pure, so it is tested without a browser.
import { z } from 'zod';
import type { District } from '../../twin-assets/districtSchema';
import { insidePolygon } from '../../twin-assets/geo';
import { appendIn, deleteIn, setIn } from '../../scenarios/yamlEdit';
import { parse as parseYaml } from 'yaml';
import { STRINGS } from '../../twin-assets/labels';
import { actionRow } from '../../scenarios/actions';
import type { TaskRef } from '../../scenarios/capabilities';
import type { ParamText, Placement, Where } from '../../scenarios/hazards/define';
import { HAZARDS, type HazardRegistry } from '../../scenarios/hazards/registry';
import type { InjectCondition, Scenario } from '../../scenarios/schema';
import type { Role } from '../../twin-assets/protocol';

/** The draft as far as it reads (it may not be valid yet): what the edits look at to pick fresh ids. */
export type Draft = Partial<Scenario> | null;

/** The models the trainer places by clicking the twin (those whose definition has `editor`). */
export const PLACEABLE: string[] = HAZARDS.placeable.map((m) => m.model);
/** Where a model is placed: in a home, over a zone of low ground, on a building site's scaffold, on a crane. */
export const placedOn = (model: string, registry: HazardRegistry = HAZARDS): Placement => registry.of(model).editor!.placedOn;
export type { Where };

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

/** The devices that would sense a hazard placed there (of the types its model is sensed by): a home's detectors,
 * a zone's gauge, a crane's monitor, or a site's devices, where the first type (a worker's bracelet) must be. */
export function sensingDevices(d: District, model: string, where: Where, registry: HazardRegistry = HAZARDS): string[] {
  const spec = registry.of(model);
  switch (spec.editor!.placedOn) {
    case 'zone': {
      const zone = d.floodZones.find((z) => z.id === where.zoneId);
      return zone?.gaugeDeviceId ? [zone.gaugeDeviceId] : [];
    }
    case 'crane': {
      const crane = d.cranes.find((c) => c.id === where.craneId);
      return crane?.deviceId ? [crane.deviceId] : [];
    }
    case 'scaffold': {
      const site = d.buildings.find((b) => b.id === where.buildingId)?.courtyardId;
      const onSite = d.devices.filter((x) => x.courtyardId === site && !x.householdId && spec.sensedBy.includes(x.type));
      const worn = onSite.filter((x) => x.type === spec.sensedBy[0]);
      return worn.length ? [...worn, ...onSite.filter((x) => x.type !== spec.sensedBy[0])].map((x) => x.id) : [];
    }
    // in a home
    default: return d.devices.filter((x) => spec.sensedBy.includes(x.type) && x.householdId === where.householdId).map((x) => x.id);
  }
}

/** The crane whose jib reaches over a point. */
export function craneAt(d: District, x: number, y: number) {
  return d.cranes.find((c) => Math.hypot(x - c.x, y - c.y) <= c.jibLengthM) ?? null;
}

/** A building on a construction site (where a worker may fall from the scaffold). */
export const isSite = (d: District, buildingId: string) => d.courtyards.find((c) => c.id === d.buildings.find((b) => b.id === buildingId)?.courtyardId)?.kind === 'construction_site';

/** Places a hazard: a leak or a fire in a home (its resident at home), a flood over a zone, a fall from a site's
 * scaffold (from up to its building's height), wind on a crane; the first one placed ends the drill when made safe. */
export function placeHazard(yaml: string, current: Draft, d: District, model: string, where: Where, registry: HazardRegistry = HAZARDS): string {
  const editor = registry.of(model).editor!;
  const taken = new Set((current?.hazards ?? []).map((h) => h.id));
  let n = 1;
  while (taken.has(`${model.replace('_', '-')}-${n}`)) n++;
  const id = `${model.replace('_', '-')}-${n}`;
  // The zone, where the model's entry keeps one (a flood's residents are those of its zone).
  const zone = where.zoneId && 'zoneId' in registry.of(model).schema.shape ? { zoneId: where.zoneId } : {};
  const hazard = { id, model, deviceIds: sensingDevices(d, model, where, registry), startAfterS: 60, params: editor.params(d, where), ...zone };
  let out = appendIn(yaml, ['hazards'], hazard);
  if (!(current?.hazards ?? []).some((h) => h.id === current?.end?.resolveWhen?.hazard)) out = setIn(out, ['end', 'resolveWhen'], editor.resolve(id));
  if (where.householdId && !(current?.initial?.atHome ?? []).includes(where.householdId)) out = appendIn(out, ['initial', 'atHome'], where.householdId);
  return out;
}

export interface ParamInfo { key: string; unit: string; zh: string; en: string; min: number | null; max: number | null }

/** A hazard model's parameters with their units and the ranges the scenario format allows (from its schema). */
export function paramsOf(model: string, registry: HazardRegistry = HAZARDS): ParamInfo[] {
  const spec = registry.of(model);
  const schema = z.toJSONSchema(spec.params, { io: 'input' }) as { properties: Record<string, { minimum?: number; exclusiveMinimum?: number; maximum?: number }> };
  return Object.entries(schema.properties).map(([key, p]) => {
    const [unit, zh, en] = (spec.paramText as Record<string, ParamText>)[key] ?? ['', key, key];
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

/** A built-in template opened for editing: an id of its own and a title that says it is a copy, so the library
 * never lists two scenarios under one title. */
export function templateCopy(yaml: string, templateId: string): string {
  const title = (parseYaml(yaml) as { title?: { zh?: unknown; en?: unknown } } | null)?.title;
  let y = setIn(yaml, ['id'], `${templateId}-copy`.slice(0, 64));
  for (const lang of ['zh', 'en'] as const) if (typeof title?.[lang] === 'string') y = setIn(y, ['title', lang], `${title[lang]}${STRINGS.copySuffix[lang]}`);
  return y;
}

/** The critical task an objective is evidence for (capabilities.ts): written only when it is not its action's own
 * (`objectiveTask`), so a scenario names a task only where it means another. */
export function setObjectiveTask(yaml: string, current: Draft, index: number, task: TaskRef): string {
  const e = current?.expected?.[index];
  if (!e) return yaml;
  const own = actionRow(e.action).evaluates;
  if (task === own) return e.task === undefined ? yaml : deleteIn(yaml, ['expected', index, 'task']);
  return setIn(yaml, ['expected', index, 'task'], task);
}

/** A device offline from the start (an inject at 0 s). */
export function deviceOffline(yaml: string, current: Draft, deviceId: string): string {
  if ((current?.injects ?? []).some((i) => i.action?.kind === 'device_fails' && i.action.deviceId === deviceId)) return yaml;
  return appendIn(yaml, ['injects'], { id: `offline-${deviceId}`.slice(0, 64), atS: 0, action: { kind: 'device_fails', deviceId }, text: { zh: '设备离线。', en: 'The device is offline.' } });
}
