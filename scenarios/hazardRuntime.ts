// Hazards in a running scenario: each model stepped in time, read by the devices that sense it, and
// changed by responders' actions (a valve shut, windows opened). Prepared up front (a fall is simulated
// with rapier once), then stepped synchronously.
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { Text } from '../twin-assets/labels';
import { craneReading } from './hazards/crane';
import { braceletAfterFall, craneAroundFall, simulateFall, thermalCameraAroundFall, type FallTrace } from './hazards/fall';
import { initialFlood, manholeSubmerged, stepFlood } from './hazards/flood';
import { initialFire, smokeDetectorSees, stepFire } from './hazards/kitchenFire';
import { ignites, initialGasRoom, percentLel, stepGasRoom } from './hazards/gasRoom';
import { methanePercentLel, plumeConcentration, windFrame } from './hazards/plume';
import type { ActionKind, HazardDef, Scenario } from './schema';
import { insidePolygon } from '../twin-assets/geo';
import { FLOOD_FULL_M, SMOKE_FULL_PCT_M, flameHeightM, plumeExtent, view, type HazardView } from './hazardView';

export type Readings = Record<string, number | boolean>;

export interface HazardRuntime {
  def: HazardDef;
  step(tS: number, dtS: number): void;
  /** What a device that senses this hazard reads at tS (seconds since the scenario began). */
  readingFor(deviceId: string, tS: number): Readings;
  act(action: ActionKind, tS: number): void;
  /** The source has been stopped (valve shut). */
  madeSafe(): boolean;
  /** Something worth saying at tS (residents stranded, residents moved); at most once each. */
  /** What people would tell each other now (residents stranded …), once each. */
  news?(tS: number): Text[];
  /** A spark: true when it sets the hazard off (gas above its LEL ignites). */
  spark(): boolean;
  /** The hazard's measure now: the highest %LEL for gas, the water depth (m) for a flood; null otherwise. */
  measure(tS: number): number | null;
  /** What the twin draws of it now, from the model's state. */
  view(tS: number): HazardView;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
/** Water above the knee: an elderly or disabled resident can no longer get out alone. */
const STRANDED_AT_M = 0.3;

export async function prepareHazards(scenario: Scenario, index: DistrictIndex): Promise<HazardRuntime[]> {
  return Promise.all(scenario.hazards.map(async (def): Promise<HazardRuntime> => {
    const first = index.devices.get(def.deviceIds[0]!)?.position ?? { x: 0, y: 0, z: 0 };
    switch (def.model) {
      case 'gas_room': {
        let state = initialGasRoom();
        return {
          def,
          step: (_t, dt) => { state = stepGasRoom(def.params, state, dt); },
          readingFor: () => ({ gas_lel: round2(percentLel(state)) }),
          act: (a) => { if (a === 'shut_valve') state = { ...state, valveShut: true }; if (a === 'open_windows') state = { ...state, windowsOpen: true }; },
          madeSafe: () => state.valveShut,
          spark: () => ignites(state, true),
          measure: () => percentLel(state),
          view: () => view(def, first, { level: percentLel(state) / 100, value: round2(percentLel(state)), unit: '%LEL', sizeM: round2(Math.cbrt(def.params.roomM3)), safe: state.valveShut }),
        };
      }
      case 'gas_plume': {
        const { windMps, stability } = scenario.initial.weather;
        const u = Math.max(windMps, 0.5); // a Gaussian plume needs some wind; calmer air is taken as 0.5 m/s
        let shutAt: number | null = null;
        const extent = plumeExtent(def.params.releaseGps, u, stability, def.params.heightM);
        const at = (deviceId: string, tS: number) => {
          const device = index.devices.get(deviceId);
          if (!device) return 0;
          const p = windFrame(def.params.source, device.position, def.params.windToDeg);
          // After the release stops, the last gas passes a point once the wind has carried it there.
          if (shutAt !== null && tS - shutAt > Math.max(p.x, 0) / u) return 0;
          return methanePercentLel(plumeConcentration(def.params.releaseGps, u, stability, p.x, p.y, device.position.z, def.params.heightM));
        };
        return {
          def,
          step: () => {},
          readingFor: (id, tS) => ({ gas_lel: round2(at(id, tS)) }),
          act: (a, tS) => { if (a === 'shut_valve' && shutAt === null) shutAt = tS; },
          madeSafe: () => shutAt !== null,
          spark: () => false,
          measure: (tS) => Math.max(...def.deviceIds.map((id) => at(id, tS))),
          view: (tS) => {
            // The cloud reaches as far as the wind has carried the gas, and drifts off once the main is shut.
            const since = tS - def.startAfterS;
            const reach = since <= 0 ? 0 : Math.min(extent.lengthM, u * since);
            const gone = shutAt === null ? 0 : u * (tS - shutAt);
            const lengthM = Math.max(0, reach - gone);
            const peak = lengthM > 0 ? methanePercentLel(plumeConcentration(def.params.releaseGps, u, stability, Math.max(1, gone), 0, 0, def.params.heightM)) : 0;
            return view(def, { ...def.params.source, z: def.params.heightM }, { level: peak / 100, value: round2(peak), unit: '%LEL', sizeM: round2(lengthM), widthM: extent.halfWidthM, heightM: extent.heightM, headingDeg: def.params.windToDeg, safe: shutAt !== null });
          },
        };
      }
      case 'kitchen_fire': {
        let state = initialFire();
        let ventilated = false;
        return {
          def,
          step: (_t, dt) => { state = stepFire({ ...def.params, airChangesPerH: ventilated ? 10 : def.params.airChangesPerH }, state, dt); },
          readingFor: () => smokeDetectorSees(def.params, state),
          act: (a) => { if (a === 'extinguish') state = { ...state, out: true }; if (a === 'open_windows') ventilated = true; },
          madeSafe: () => state.out,
          spark: () => false,
          measure: () => null,
          view: () => {
            const smoke = smokeDetectorSees(def.params, state).smoke_obscuration_pct_m;
            return view(def, { x: first.x, y: first.y, z: first.z - def.params.ceilingM }, { level: smoke / SMOKE_FULL_PCT_M, value: Math.round(state.kw), unit: 'kW', sizeM: round2(Math.cbrt(def.params.roomM3)), widthM: round2(Math.min(def.params.ceilingM, flameHeightM(state.kw))), safe: state.out });
          },
        };
      }
      case 'crane_wind': {
        const crane = index.craneByDevice.get(def.deviceIds[0]!);
        if (!crane) throw new Error(`hazard ${def.id}: device "${def.deviceIds[0]}" is not a crane's monitor in this district`);
        let stopped = false;
        return {
          def,
          step: () => {},
          readingFor: (_id, tS) => craneReading(crane, def.params, tS - def.startAfterS, stopped),
          act: (a) => { if (a === 'stop_crane') stopped = true; },
          madeSafe: () => stopped,
          spark: () => false,
          measure: () => null,
          view: (tS) => {
            const pct = Number(craneReading(crane, def.params, tS - def.startAfterS, stopped).moment_pct ?? 0);
            return view(def, { x: crane.x, y: crane.y, z: crane.heightM }, { level: pct / 100, value: Math.round(pct), unit: '%', sizeM: crane.jibLengthM, safe: stopped });
          },
        };
      }
      case 'flood': {
        let state = initialFlood();
        // Ground-floor homes of the zone: stranded once the water is knee-deep, until they are evacuated.
        const zone = def.zoneId ? index.district.floodZones.find((z) => z.id === def.zoneId) : undefined;
        const homes = zone ? index.district.households.filter((h) => h.floor <= 1 && insidePolygon(index.buildings.get(h.buildingId), zone.polygon)) : [];
        const people = homes.flatMap((h) => h.residents);
        const vulnerable = people.filter((r) => (r.livingAlone && r.age >= 70) || r.disabled);
        let stranded = false, evacuated = false, told = { stranded: false, evacuated: false };
        return {
          def,
          step: (tS, dt) => { state = stepFlood(def.params, state, tS - def.startAfterS, dt); },
          readingFor: (id): Readings => index.devices.get(id)?.type === 'manhole'
            ? { submerged: manholeSubmerged(state), tilt_deg: 0.5 }
            : { level_m: round2(state.depthM) },
          act: (a) => { if (a === 'deploy_pump') state = { ...state, pumping: true }; if (a === 'evacuate') evacuated = true; },
          madeSafe: () => state.pumping,
          spark: () => false,
          measure: () => state.depthM,
          view: () => {
            // The zone drawn: the one named, else the one its gauge reports on.
            const drawn = zone ?? index.district.floodZones.find((z) => z.gaugeDeviceId !== null && def.deviceIds.includes(z.gaugeDeviceId));
            const middle = drawn ? { x: drawn.polygon.reduce((a, p) => a + p.x, 0) / drawn.polygon.length, y: drawn.polygon.reduce((a, p) => a + p.y, 0) / drawn.polygon.length, z: 0 } : first;
            return view(def, middle, { level: state.depthM / FLOOD_FULL_M, value: round2(state.depthM), unit: 'm', zoneId: drawn?.id ?? '', safe: state.pumping });
          },
          news: () => {
            const out: Text[] = [];
            if (!stranded && !evacuated && people.length && state.depthM > STRANDED_AT_M) stranded = true;
            if (stranded && !told.stranded) {
              told = { ...told, stranded: true };
              out.push({
                en: `${people.length} resident(s) stranded on the ground floor of ${homes.length} home(s), ${vulnerable.length} vulnerable: ${vulnerable.map((r) => `${r.name} (${r.age})`).join(', ')}`,
                zh: `${homes.length}户一楼住户共${people.length}人被困，其中${vulnerable.length}人需重点关照：${vulnerable.map((r) => `${r.name}（${r.age}岁）`).join('、')}`,
              });
            }
            if (evacuated && people.length && !told.evacuated) { told = { ...told, evacuated: true }; out.push({ en: `${people.length} resident(s) moved out of the ground-floor homes`, zh: `一楼${people.length}名住户已全部转移` }); }
            return out;
          },
        };
      }
      case 'ebike_elevator': {
        // The e-bike guard: with an e-bike in the car the door stays open and the car does not move.
        let removed = false;
        return {
          def,
          step: () => {},
          readingFor: (): Readings => ({ floor: def.params.floor, ebike_detected: !removed, door_open: !removed, fault_code: 0, passenger_trapped: false }),
          act: (a) => { if (a === 'remove_ebike') removed = true; },
          madeSafe: () => removed,
          spark: () => false,
          measure: () => null,
          view: () => view(def, first, { level: removed ? 0 : 1, value: def.params.floor, unit: 'floor', safe: removed }),
        };
      }
      case 'fall': {
        const trace: FallTrace = await simulateFall(def.params.heightM);
        const site = { ...def.params, windMps: scenario.initial.weather.windMps, ambientC: scenario.initial.weather.tempC };
        const sees = { crane: craneAroundFall, thermal_camera: thermalCameraAroundFall } as const;
        return {
          def,
          step: () => {},
          readingFor: (id, tS) => {
            const type = index.devices.get(id)?.type;
            const model = type === 'crane' || type === 'thermal_camera' ? sees[type] : null;
            return model ? model(trace, site, tS - def.startAfterS) : braceletAfterFall(trace, tS - def.startAfterS);
          },
          act: () => {},
          madeSafe: () => false,
          spark: () => false,
          measure: () => null,
          // Where the person lies: below the bracelet's last place, once the fall is over.
          view: (tS) => view(def, { x: first.x, y: first.y, z: 0 }, { level: tS - def.startAfterS >= trace.fallTimeS ? 1 : 0, value: def.params.heightM, unit: 'm', sizeM: def.params.heightM }),
        };
      }
    }
  }));
}
