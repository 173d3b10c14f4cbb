// Hazards in a running scenario: each entry's model (hazards/registry.ts) prepared once (a fall is simulated
// with rapier up front), then stepped synchronously over a state that is plain data, read by the devices that
// sense it and changed by responders' actions. This is the one adapter from a definition to a run; what a
// model does is in its own file.
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { Text } from '../twin-assets/labels';
import type { ActionKind } from './actions';
import type { AnyHazard, OpeningKind, Readings } from './hazards/define';
import { HAZARDS, type HazardRegistry } from './hazards/registry';
import { view, type HazardView } from './hazardView';
import type { HazardDef, Scenario } from './schema';

export type { Readings };

export interface HazardRuntime {
  def: HazardDef;
  step(tS: number, dtS: number): void;
  /** What a device that senses this hazard reads at tS (seconds since the scenario began). */
  readingFor(deviceId: string, tS: number): Readings;
  act(action: ActionKind, tS: number): void;
  /** An inject opens or shuts a door or windows of its building; false when the model has none. */
  open(what: OpeningKind, f: number): boolean;
  /** The source has been stopped (valve shut). */
  madeSafe(): boolean;
  /** What people would tell each other now (residents stranded …), once each. */
  news(tS: number): Text[];
  /** A spark: true when it sets the hazard off (gas above its LEL ignites). */
  spark(): boolean;
  /** The hazard's measure now: the highest %LEL for gas, the water depth (m) for a flood; null otherwise. */
  measure(tS: number): number | null;
  /** What the twin draws of it now, from the model's state. */
  view(tS: number): HazardView;
  /** The model's state: plain data (a drill's kernel snapshot keeps it and sets it back). */
  state: unknown;
}

class Running implements HazardRuntime {
  state: unknown;
  constructor(private readonly model: AnyHazard, private readonly h: { def: HazardDef; env: unknown }) { this.state = model.init(h); }
  get def(): HazardDef { return this.h.def; }
  step(tS: number, dtS: number): void { if (this.model.step) this.state = this.model.step(this.state, this.h, tS, dtS); }
  readingFor(deviceId: string, tS: number): Readings { return this.model.read(this.state, this.h, deviceId, tS); }
  act(action: ActionKind, tS: number): void { const on = this.model.on?.[action]; if (on) this.state = on(this.state, tS, this.h); }
  open(what: OpeningKind, f: number): boolean {
    if (!this.model.opening) return false;
    this.state = this.model.opening(this.state, what, f, this.h);
    return true;
  }
  madeSafe(): boolean { return this.model.safe(this.state); }
  news(tS: number): Text[] {
    if (!this.model.news) return [];
    const { state, said } = this.model.news(this.state, this.h, tS);
    this.state = state;
    return said;
  }
  spark(): boolean { return this.model.ignites?.(this.state) ?? false; }
  measure(tS: number): number | null { return this.model.measure ? this.model.measure(this.state, this.h, tS) : null; }
  view(tS: number): HazardView {
    const { at, ...rest } = this.model.view(this.state, this.h, tS);
    return view(this.h.def, at, rest);
  }
}

export async function prepareHazards(scenario: Scenario, index: DistrictIndex, registry: HazardRegistry = HAZARDS): Promise<HazardRuntime[]> {
  return Promise.all(scenario.hazards.map(async (def): Promise<HazardRuntime> => {
    const model = registry.of(def.model);
    const first = index.devices.get(def.deviceIds[0]!)?.position ?? { x: 0, y: 0, z: 0 };
    const env = await model.prepare(def, { weather: scenario.initial.weather, index, first });
    return new Running(model, { def, env });
  }));
}
