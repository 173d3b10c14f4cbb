// Drills in an old walk-up, run through the real incident kernel and alarm engine, with the building's air the
// multizone model (scenarios/multizone): a smoke detector on the fifth-floor landing — two floors above a burning
// flat — raises its alarm within ten minutes when the flat's door was left open, and not in the drill's fifteen
// minutes (the fire brigade's arrival) when it was shut; a gas detector on the landing outside a flat whose LPG
// bottle leaks raises its alarm through the open door, and not through the shut one.
import { describe, expect, it } from 'vitest';
import { bundledDistrictJson, bundledRules, district } from '../../test/helpers/fixtures';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { Scenario } from '../../scenarios/schema';
import { runHeadless } from './headlessRun';

const LANDING = 'smk-a1-stair5', GAS_LANDING = 'gas-a1-stair3';
function districtWithLandingDetector() {
  const d = bundledDistrictJson();
  // Block 1 of the Textile Mill courtyard spans x −160…−120 in two stair units: unit 1's landings, fifth and third floor.
  d.devices.push({ id: LANDING, type: 'smoke', courtyardId: 'cy-a', buildingId: 'b-a1', floor: 5, room: 'stairwell', position: { x: -150, y: 80, z: 14.6 } });
  d.devices.push({ id: GAS_LANDING, type: 'gas', courtyardId: 'cy-a', buildingId: 'b-a1', floor: 3, room: 'stairwell', position: { x: -150, y: 80, z: 6.3 } });
  return indexDistrict(District.parse(d));
}

const scenario = (doorOpen: number, injects: unknown[] = []) => Scenario.parse({
  id: 'stair-smoke', title: { zh: '楼梯间烟气', en: 'Smoke in the stairwell' }, district: 'jinhe',
  briefing: { zh: '1栋1-301厨房起火，住户逃出时未关门。', en: 'A kitchen fire in Block 1, 1-301; the resident fled leaving the door open.' },
  roles: ['commander', 'grid_worker', 'firefighter'],
  initial: { weather: { windMps: 2, stability: 'D', tempC: 5 }, timeOfDay: '18:40' },
  hazards: [{ id: 'fire', model: 'building_fire', deviceIds: ['smk-a1-301', LANDING], startAfterS: 0, params: { peakKw: 1000, doorOpen } }],
  injects,
  expected: [{ id: 'ack', action: 'acknowledge', withinS: 120 }],
  end: { resolveWhen: { hazard: 'fire', afterAction: 'extinguish' }, failAfterS: 900 },
});

const landingAlarm = (r: Awaited<ReturnType<typeof runHeadless>>) => r.timeline.find((e) => e.kind === 'alarm' && e.text.startsWith('raised') && e.text.endsWith(`at ${LANDING}`));

describe('a fire drill with smoke moving through the building', () => {
  it('raises the fifth-floor landing\'s smoke alarm through the open flat door, within the drill, after the flat\'s own', async () => {
    const r = await runHeadless(scenario(1), districtWithLandingDetector(), bundledRules(), { seed: 1, respond: 'none' });
    const flat = r.timeline.find((e) => e.kind === 'alarm' && e.text.startsWith('raised') && e.text.endsWith('at smk-a1-301'));
    const landing = landingAlarm(r);
    expect(flat).toBeDefined();
    expect(landing).toBeDefined();
    expect(landing!.tS).toBeGreaterThan(flat!.tS);
    expect(landing!.tS).toBeLessThan(600);
  });

  it('raises it too when the door starts shut and an inject opens it: the resident flees leaving it open', async () => {
    const fled = { id: 'fled', atS: 60, text: { zh: '住户逃生时未关房门', en: 'The resident flees and leaves the door open' }, action: { kind: 'opening', hazard: 'fire', what: 'flat_door', open: 1 } };
    const r = await runHeadless(scenario(0, [fled]), districtWithLandingDetector(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.timeline.some((e) => e.kind === 'inject' && e.text === 'The resident flees and leaves the door open')).toBe(true);
    expect(landingAlarm(r)!.tS).toBeLessThan(600 + 60);
  });

  it('keeps the landing below its alarm when the flat door is shut', async () => {
    const r = await runHeadless(scenario(0), districtWithLandingDetector(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.timeline.some((e) => e.kind === 'alarm' && e.text.endsWith('at smk-a1-301'))).toBe(true);
    expect(landingAlarm(r)).toBeUndefined();
  });
});

const gasScenario = (doorOpen: number) => Scenario.parse({
  id: 'landing-gas', title: { zh: '楼道燃气', en: 'Gas on the landing' }, district: 'jinhe',
  briefing: { zh: '1栋1-301液化气钢瓶减压阀失效。', en: 'Block 1, 1-301: an LPG bottle\'s regulator fails.' },
  roles: ['commander', 'grid_worker'],
  initial: { weather: { windMps: 2, stability: 'D', tempC: 5 }, timeOfDay: '07:30' },
  hazards: [{ id: 'leak', model: 'building_gas', fuel: 'lpg', deviceIds: ['gas-a1-301', GAS_LANDING], startAfterS: 0, params: { leakM3PerH: 4, doorOpen } }],
  expected: [{ id: 'ack', action: 'acknowledge', withinS: 120 }],
  end: { resolveWhen: { hazard: 'leak', belowPercentLel: 5 }, failAfterS: 2700 },
});
const alarmAt = (r: Awaited<ReturnType<typeof runHeadless>>, deviceId: string) => r.timeline.find((e) => e.kind === 'alarm' && e.text.startsWith('raised gas_leak') && e.text.endsWith(`at ${deviceId}`));

describe('a gas leak drill with the gas moving through the building', () => {
  it('raises the landing\'s gas alarm through the open flat door, after the kitchen\'s own', async () => {
    const r = await runHeadless(gasScenario(1), districtWithLandingDetector(), bundledRules(), { seed: 1, respond: 'none' });
    const kitchen = alarmAt(r, 'gas-a1-301'), landing = alarmAt(r, GAS_LANDING);
    expect(kitchen).toBeDefined();
    expect(landing).toBeDefined();
    expect(landing!.tS).toBeGreaterThan(kitchen!.tS);
  });

  it('keeps the landing below its alarm with the flat door shut', async () => {
    const r = await runHeadless(gasScenario(0), districtWithLandingDetector(), bundledRules(), { seed: 1, respond: 'none' });
    expect(alarmAt(r, 'gas-a1-301')).toBeDefined();
    expect(alarmAt(r, GAS_LANDING)).toBeUndefined();
  });
});

describe('a building whose district file gives its own air network', () => {
  // A block of flats off a corridor on each floor, one stairwell at its end: the plan the file gives, not the
  // walk-up the twin would build. A detector in the third floor's corridor.
  function corridorBlock() {
    const d = district();
    const floors = [1, 2, 3, 4];
    const zones = floors.flatMap((f) => [
      { id: `f${f}-corridor`, kind: 'corridor' as const, floor: f, volumeM3: 90 },
      { id: `f${f}-stair`, kind: 'landing' as const, floor: f, volumeM3: 45 },
      { id: `f${f}-flat`, kind: 'flat' as const, floor: f, flat: `1-${f}01`, volumeM3: 180 },
    ]);
    const paths = floors.flatMap((f) => [
      { id: `f${f}-door`, kind: 'flat_door' as const, flat: `1-${f}01`, from: `f${f}-flat`, to: `f${f}-corridor`, z: (f - 1) * 3 + 1, openAreaM2: 1.8, shutAreaM2: 0.01, cd: 0.65, heightM: 2 },
      { id: `f${f}-window`, kind: 'flat_window' as const, flat: `1-${f}01`, from: `f${f}-flat`, to: 'outdoors', z: (f - 1) * 3 + 1.6, openAreaM2: 1, shutAreaM2: 0.003, heightM: 1.4 },
      { id: `f${f}-fire-door`, kind: 'door' as const, from: `f${f}-corridor`, to: `f${f}-stair`, z: (f - 1) * 3 + 1, openAreaM2: 1.8, shutAreaM2: 0.01, heightM: 2 },
      ...(f > 1 ? [{ id: `f${f}-flight`, kind: 'stair' as const, from: `f${f - 1}-stair`, to: `f${f}-stair`, z: (f - 1) * 3, openAreaM2: 4 }] : [{ id: 'entrance', kind: 'entrance' as const, from: 'f1-stair', to: 'outdoors', z: 1, openAreaM2: 2.4, shutAreaM2: 0.02, heightM: 2 }]),
    ]);
    d.buildings = [{ id: 'b1', courtyardId: 'cy1', name: { zh: '廊式楼', en: 'Corridor block' }, x: 0, y: 0, width: 30, depth: 12, floors: 4, air: { zones, paths } }];
    d.households = [{ id: 'hh1', buildingId: 'b1', floor: 3, unit: '1-301', residents: [{ name: '李桂英', age: 79 }] }];
    d.devices = [
      { id: 'smk-301', type: 'smoke', courtyardId: 'cy1', buildingId: 'b1', householdId: 'hh1', floor: 3, room: 'living room', position: { x: 5, y: 0, z: 8.8 } },
      { id: 'smk-corridor-3', type: 'smoke', courtyardId: 'cy1', buildingId: 'b1', floor: 3, room: 'corridor', position: { x: -5, y: 0, z: 8.8 } },
    ];
    return indexDistrict(District.parse(d));
  }
  const fire = (doorOpen: number) => Scenario.parse({
    id: 'corridor-smoke', title: { zh: '走廊烟气', en: 'Smoke in the corridor' }, district: 'test',
    briefing: { zh: '廊式楼301起火。', en: 'A fire in 301 of the corridor block.' }, roles: ['commander'],
    initial: { weather: { windMps: 2, stability: 'D', tempC: 5 }, timeOfDay: '18:40' },
    hazards: [{ id: 'fire', model: 'building_fire', deviceIds: ['smk-301', 'smk-corridor-3'], startAfterS: 0, params: { peakKw: 1000, doorOpen } }],
    end: { resolveWhen: { hazard: 'fire', afterAction: 'extinguish' }, failAfterS: 600 },
  });
  const corridorAlarm = (r: Awaited<ReturnType<typeof runHeadless>>) => r.timeline.find((e) => e.kind === 'alarm' && e.text.startsWith('raised smoke') && e.text.endsWith('at smk-corridor-3'));

  it('carries the smoke into the corridor: within minutes through the open flat door, far later through the shut one', async () => {
    const open = corridorAlarm(await runHeadless(fire(1), corridorBlock(), bundledRules(), { seed: 1, respond: 'none' }));
    const shut = corridorAlarm(await runHeadless(fire(0), corridorBlock(), bundledRules(), { seed: 1, respond: 'none' }));
    expect(open!.tS).toBeLessThan(300);
    expect(shut?.tS ?? Infinity).toBeGreaterThan(open!.tS + 120);
  });

  it('refuses a path to a zone the building does not have, naming it', () => {
    const d = district();
    d.buildings = [{ id: 'b1', courtyardId: 'cy1', name: { zh: '楼', en: 'Block' }, x: 0, y: 0, width: 20, depth: 10, floors: 2, air: { zones: [{ id: 'hall', kind: 'corridor', floor: 1, volumeM3: 50 }], paths: [{ id: 'p', kind: 'door', from: 'hall', to: 'attic', z: 1, openAreaM2: 1 }] } }];
    const parsed = District.safeParse(d);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain('buildings.0.air.paths.0.to: no zone "attic" in this building (or "outdoors")');
  });
});
