// A new hazard model is one file: a toy one (test/fixtures/hazards/sinkhole.ts) in a registry of its own is
// found by the scenario schema, the editor, reachability, the runtime and the scene, and the product's
// registry, which does not list it, refuses it.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { blankDraft, paramsOf, placeHazard, sensingDevices } from '../../client/editor/draft';
import { RENDERERS } from '../../client/scene/hazardRenderers';
import { reachability } from '../../sim-server/drill/reachability';
import { bundledIndex } from '../../test/helpers/fixtures';
import { sinkhole } from '../../test/fixtures/hazards/sinkhole';
import { prepareHazards } from '../hazardRuntime';
import { Scenario, scenarioSchema } from '../schema';
import { HAZARDS, makeRegistry } from './registry';

const index = bundledIndex();
const d = index.district;
const registry = makeRegistry([...HAZARDS.models, sinkhole] as const);
const WithSinkhole = scenarioSchema(registry.entry);
const zone = d.floodZones.find((z) => z.gaugeDeviceId)!;

function draft() {
  const yaml = placeHazard(blankDraft(d, 'sinkhole-drill'), null, d, 'sinkhole', { zoneId: zone.id }, registry);
  return { yaml, raw: parseDocument(yaml).toJS() as Record<string, unknown> };
}

describe('a hazard model defined in one file', () => {
  it('is a hazard entry of the scenario format built over its registry, and not of the product\'s', () => {
    const { raw } = draft();
    const parsed = WithSinkhole.safeParse({ ...raw, roles: ['commander', 'grid_worker', 'firefighter'] });
    expect(parsed.success, JSON.stringify(!parsed.success && parsed.error.issues)).toBe(true);
    expect(parsed.data!.hazards[0]).toEqual({ id: 'sinkhole-1', model: 'sinkhole', params: { growthMPerMin: 0.2, widestM: 6 }, deviceIds: [zone.gaugeDeviceId], startAfterS: 60 });
    const product = Scenario.safeParse(raw);
    expect(product.success).toBe(false);
    expect(JSON.stringify(product.error!.issues)).toContain('model');
  });

  it('is placed by the editor with its defaults, its sensing devices and its own way to end, and its parameters are labelled', () => {
    const { raw } = draft();
    expect((raw.end as { resolveWhen: unknown }).resolveWhen).toEqual({ hazard: 'sinkhole-1', belowLevelM: 0.1 });
    expect(sensingDevices(d, 'sinkhole', { zoneId: zone.id }, registry)).toEqual([zone.gaugeDeviceId]);
    expect(paramsOf('sinkhole', registry)).toEqual([
      { key: 'growthMPerMin', unit: 'm/min', zh: '扩展速度', en: 'Grows by', min: 0, max: 1 },
      { key: 'widestM', unit: 'm', zh: '最大直径', en: 'Widest', min: 0, max: 30 },
    ]);
    expect(registry.placeable.map((m) => m.model)).toContain('sinkhole');
    expect(registry.name('sinkhole')).toEqual({ zh: '路面塌陷', en: 'Road sinkhole' });
  });

  it('is made safe by its action for reachability: a drill without a role that may deploy a pump cannot be resolved', () => {
    const { raw } = draft();
    const able = WithSinkhole.parse({ ...raw, roles: ['commander', 'grid_worker', 'firefighter'] }) as Scenario;
    const r = reachability(able, registry);
    expect(r.resolved.reachable).toBe(true);
    expect(r.resolved.path).toContain('deploy_pump');
    const unable = WithSinkhole.parse({ ...raw, roles: ['commander', 'grid_worker'] }) as Scenario;
    const no = reachability(unable, registry);
    expect(no.resolved.reachable).toBe(false);
    expect(no.resolved.reason).toContain('"deploy_pump"');
  });

  it('runs: its state is stepped, read, changed by its action, and drawn by the renderer its drawing names', async () => {
    const { raw } = draft();
    const scenario = WithSinkhole.parse({ ...raw, roles: ['commander', 'grid_worker'] }) as Scenario;
    const [rt] = await prepareHazards(scenario, index, registry);
    for (let t = 1; t <= 120; t++) rt!.step(t, 1);
    expect(rt!.readingFor(zone.gaugeDeviceId!, 120)).toEqual({ level_m: 0.04 });
    expect(rt!.madeSafe()).toBe(false);
    rt!.act('deploy_pump', 120);
    rt!.step(121, 1);
    expect(rt!.madeSafe()).toBe(true);
    expect(rt!.state).toEqual({ widthM: expect.closeTo(0.4, 9), pumped: true });
    const view = rt!.view(121);
    expect(view).toMatchObject({ model: 'sinkhole', value: expect.closeTo(0.4, 9), unit: 'm', safe: true });
    const mesh = () => new THREE.Mesh(undefined, new THREE.MeshBasicMaterial());
    const meshes = { main: mesh(), extra: mesh(), mainMaterial: new THREE.MeshBasicMaterial(), extraMaterial: new THREE.MeshBasicMaterial() };
    meshes.main.visible = false;
    RENDERERS[registry.of('sinkhole').drawing](view, meshes);
    expect(meshes.main.visible).toBe(true);
    expect(meshes.main.scale.x).toBeGreaterThan(1);
  });
});
