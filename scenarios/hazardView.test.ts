// The hazard layers' data, read from each model as a scenario runs: what a wrong model or a view that
// ignores the state would get wrong.
import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../test/helpers/fixtures';
import { builtinScenarios } from './builtin';
import { PLUME_DRAWN_TO_LEL, plumeExtent } from './hazards/gasPlume';
import { flameHeightM } from './hazards/kitchenFire';
import { methanePercentLel, plumeConcentration } from './hazards/plume';
import { ScenarioRun } from './scenarioRun';

const scenario = (id: string) => builtinScenarios().find((s) => s.scenario.id === id)!.scenario;
const index = bundledIndex();
async function run(id: string) {
  const r = await ScenarioRun.start(scenario(id), index, 1);
  return { r, to: (tS: number) => { while (r.tS < tS) r.advance(); return r.hazardViews(); } };
}

describe('hazard views from the models', () => {
  it('draws nothing before a hazard starts; a kitchen leak fills the room, then thins once the valve is shut and the windows open', async () => {
    const { r, to } = await run('gas-leak-elderly-kitchen');
    const def = r.scenario.hazards[0]!;
    expect(to(def.startAfterS - 1)).toEqual([]);
    const early = to(def.startAfterS + 60)[0]!, later = to(def.startAfterS + 300)[0]!;
    expect(early).toMatchObject({ model: 'gas_room', unit: '%LEL', safe: false });
    expect(later.value).toBeGreaterThan(early.value);
    expect(later.level).toBeCloseTo(later.value / 100, 2);
    const detector = index.devices.get(def.deviceIds[0]!)!.position;
    expect([later.x, later.y]).toEqual([detector.x, detector.y]);
    r.act('shut_valve', 'test'); r.act('open_windows', 'test');
    const after = to(r.tS + 300)[0]!;
    expect(after.safe).toBe(true);
    expect(after.value).toBeLessThan(later.value / 2);
  });

  it('a ruptured main: the cloud grows downwind at the wind speed to the 10 %LEL extent, and drifts off once shut', async () => {
    const { r, to } = await run('gas-main-rupture-street');
    const def = r.scenario.hazards[0]! as Extract<ReturnType<typeof scenario>['hazards'][number], { model: 'gas_plume' }>;
    const { windMps, stability } = r.scenario.initial.weather;
    const extent = plumeExtent(def.params.releaseGps, Math.max(windMps, 0.5), stability, def.params.heightM);
    expect(extent.lengthM).toBeGreaterThan(5);
    // the extent is where the ground-level axis falls below the threshold
    const lel = (x: number) => methanePercentLel(plumeConcentration(def.params.releaseGps, Math.max(windMps, 0.5), stability, x, 0, 0, def.params.heightM));
    expect(lel(extent.lengthM)).toBeGreaterThanOrEqual(PLUME_DRAWN_TO_LEL);
    expect(lel(extent.lengthM * 1.1)).toBeLessThan(PLUME_DRAWN_TO_LEL);
    // a release ten times larger reaches further
    expect(plumeExtent(def.params.releaseGps * 10, Math.max(windMps, 0.5), stability, def.params.heightM).lengthM).toBeGreaterThan(extent.lengthM * 2);
    const first = to(def.startAfterS + 1)[0]!;
    expect(first.sizeM).toBeLessThanOrEqual(Math.max(windMps, 0.5) * 1 + 0.01);
    const full = to(def.startAfterS + 600)[0]!;
    expect(extent.heightM).toBeGreaterThan(0.5);
    expect(full).toMatchObject({ model: 'gas_plume', sizeM: extent.lengthM, widthM: extent.halfWidthM, heightM: extent.heightM, headingDeg: def.params.windToDeg, x: def.params.source.x, y: def.params.source.y });
    r.act('shut_valve', 'test');
    expect(to(r.tS + 3600)[0]).toMatchObject({ sizeM: 0, safe: true });
  });

  it('a kitchen fire: the flame grows as t² (Heskestad\'s height), smoke thickens, and both go once it is out', async () => {
    const { r, to } = await run('kitchen-fire-old-courtyard');
    const def = r.scenario.hazards[0]! as Extract<ReturnType<typeof scenario>['hazards'][number], { model: 'kitchen_fire' }>;
    const a = to(def.startAfterS + 60)[0]!, b = to(def.startAfterS + 180)[0]!;
    expect(a.value).toBeCloseTo(Math.min(def.params.peakKw, def.params.alphaKwPerS2 * 60 ** 2), -1);
    expect(b.widthM).toBeCloseTo(Math.min(def.params.ceilingM, flameHeightM(b.value)), 1);
    expect(b.widthM).toBeGreaterThan(a.widthM);
    expect(b.level).toBeGreaterThan(a.level);
    r.act('extinguish', 'test');
    expect(to(r.tS + 5)[0]).toMatchObject({ value: 0, widthM: 0, safe: true });
  });

  it('a flood: the depth drawn is the model\'s, over its zone; a fall shows where the person lies once down', async () => {
    const flood = await run('flood-underpass');
    const v = flood.to(900).find((h) => h.model === 'flood')!;
    expect(v.zoneId).not.toBe('');
    expect(v.value).toBeGreaterThan(0);
    const fall = await run('worker-falls-from-scaffolding');
    const start = fall.r.scenario.hazards[0]!.startAfterS;
    expect(fall.to(start)[0]!.level).toBe(0);
    expect(fall.to(start + 3)[0]).toMatchObject({ model: 'fall', level: 1, z: 0 });
  });
});
