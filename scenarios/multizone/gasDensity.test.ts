// A fuel gas moves by its density when nothing else drives the air: on a still day with the building at the
// outdoor temperature, methane from a third-floor kitchen climbs the stairwell and bottled LPG sinks down it.
import { describe, expect, it } from 'vitest';
import { buildingZones } from './buildingZones';
import { MultizoneModel } from './model';
import { kelvin, METHANE, P_ATM, PROPANE, R_U, type Species } from './network';
import { zoneAir } from './readings';

function leak(gas: Species) {
  const bz = buildingZones({ id: 'b', footprint: [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 12 }, { x: 0, y: 12 }], floors: 6, floorHeight: 3, units: 2 }, { kitchenOf: '1-301' });
  const model = new MultizoneModel(bz.net, [gas]);
  const kitchen = bz.zones.findIndex((z) => z.kind === 'kitchen');
  const landing = (f: number) => bz.zones.findIndex((z) => z.kind === 'landing' && z.unit === 1 && z.floor === f);
  const open = bz.paths.map((p) => (p.kind === 'kitchen_door' || (p.kind === 'flat_door' && p.flat === '1-301') ? 1 : 0));
  const kgS = (0.6 / 3600) * ((P_ATM * gas.molarMass) / (R_U * kelvin(20)));
  let s = model.initial(20);
  for (let t = 0; t < 1800; t += 2) s = model.step(s, { weather: { outdoorK: kelvin(20), windMs: 0 }, open, releases: [{ species: 0, zone: kitchen, kgS }] }, 2);
  return { below: zoneAir(model, s, landing(2)).gas_lel, at: zoneAir(model, s, landing(3)).gas_lel, above: zoneAir(model, s, landing(4)).gas_lel };
}

describe('gas by its density', () => {
  it('methane rises to the landing above and not below; LPG sinks to the landing below and not above', () => {
    const methane = leak(METHANE), lpg = leak(PROPANE);
    expect(methane.at).toBeGreaterThan(0);
    expect(methane.above).toBeGreaterThan(0);
    expect(methane.below).toBe(0);
    expect(lpg.below).toBeGreaterThan(0);
    expect(lpg.above).toBe(0);
  });
});
