// Drills in an old walk-up, run through the real incident kernel and alarm engine, with the building's air the
// multizone model (scenarios/multizone): a smoke detector on the fifth-floor landing — two floors above a burning
// flat — raises its alarm within ten minutes when the flat's door was left open, and not in the drill's fifteen
// minutes (the fire brigade's arrival) when it was shut; a gas detector on the landing outside a flat whose LPG
// bottle leaks raises its alarm through the open door, and not through the shut one.
import { describe, expect, it } from 'vitest';
import { bundledDistrictJson, bundledRules } from '../../test/helpers/fixtures';
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
