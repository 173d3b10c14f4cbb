// The multizone model at a tower's size: a 30-storey block of two stair units with three flats a floor (300 zones),
// a kitchen fire on the first floor and a gas leak on the tenth with one flat door open, stepped through an hour
// of simulated time. Figures: wall time per simulated hour at a 10 s and a 1 s step, and per step.
import { ALPHA_MEDIUM, HEAT_OF_COMBUSTION_KJ_PER_G, SMOKE_YIELD } from '../../scenarios/hazards/kitchenFire';
import { buildingZones } from '../../scenarios/multizone/buildingZones';
import { MultizoneModel } from '../../scenarios/multizone/model';
import { kelvin, METHANE, SOOT } from '../../scenarios/multizone/network';
import { zoneAir } from '../../scenarios/multizone/readings';

export function benchMultizone(): Record<string, number> {
  const tower = buildingZones({ id: 'tower', footprint: [{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 16 }, { x: 0, y: 16 }], floors: 30, floorHeight: 3, units: 2 }, { doorsPerFloor: 3 });
  const fire = tower.zones.findIndex((z) => z.flat === '1-101'), leak = tower.zones.findIndex((z) => z.flat === '2-1002');
  const open = tower.paths.map((p) => (p.kind === 'flat_door' && p.flat === '1-101' ? 1 : 0));
  const hour = (dt: number) => {
    const model = new MultizoneModel(tower.net, [SOOT, METHANE]);
    let s = model.initial(20);
    const t0 = performance.now();
    for (let t = 0; t < 3600; t += dt) {
      const kw = Math.min(1000, ALPHA_MEDIUM * t * t);
      s = model.step(s, {
        weather: { outdoorK: kelvin(0), windMs: 4 }, open,
        releases: [{ species: 0, zone: fire, kgS: ((kw / HEAT_OF_COMBUSTION_KJ_PER_G) * SMOKE_YIELD) / 1000 }, { species: 1, zone: leak, kgS: 2e-4 }],
        heat: [{ zone: fire, watts: 0.7 * kw * 1000 }],
      }, dt);
    }
    const ms = performance.now() - t0;
    const top = tower.zones.findIndex((z) => z.kind === 'landing' && z.unit === 1 && z.floor === 30);
    return { ms, steps: 3600 / dt, topLandingSmokePctM: zoneAir(model, s, top).smoke_obscuration_pct_m, leakFlatLel: zoneAir(model, s, leak).gas_lel };
  };
  hour(10); // warm the JIT
  const coarse = hour(10), fine = hour(1);
  const out = {
    zones: tower.net.zones.length, paths: tower.net.paths.length,
    hourAt10sMs: Math.round(coarse.ms), hourAt1sMs: Math.round(fine.ms), stepMsAt1s: Math.round((fine.ms / fine.steps) * 1000) / 1000,
    topLandingSmokePctM: fine.topLandingSmokePctM, leakFlatLel: fine.leakFlatLel,
  };
  console.log(`  ${out.zones} zones, ${out.paths} paths: one simulated hour in ${out.hourAt10sMs} ms at a 10 s step, ${out.hourAt1sMs} ms at 1 s (${out.stepMsAt1s} ms a step); after the hour the top landing reads ${out.topLandingSmokePctM} %/m, the leaking flat ${out.leakFlatLel} %LEL`);
  return out;
}
