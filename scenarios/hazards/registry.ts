// Every hazard model of the product, and what is derived from the list: the scenario file's `hazards` entry
// (a union on `model`), names, and the lookups the runtime, reachability, the editor and the scene use. A test
// makes a registry of its own (makeRegistry) to show a new model is found everywhere from its one file.
import { z } from 'zod';
import { STRINGS, type Text } from '../../twin-assets/labels';
import { buildingFire } from './buildingFire';
import { buildingGas } from './buildingGas';
import { craneWind } from './craneWind';
import type { AnyHazard } from './define';
import { ebikeElevator } from './ebikeElevator';
import { fall } from './fall';
import { flood } from './flood';
import { gasPlume } from './gasPlume';
import { gasRoom } from './gasRoom';
import { kitchenFire } from './kitchenFire';
import { undergroundFlood } from './undergroundFlood';

type Schemas<T extends readonly AnyHazard[]> = { -readonly [K in keyof T]: T[K]['schema'] };

export function makeRegistry<const T extends readonly [AnyHazard, ...AnyHazard[]]>(models: T) {
  const byModel = new Map<string, AnyHazard>(models.map((m) => [m.model, m]));
  return {
    models,
    /** A scenario's `hazards` entry: one of the models. */
    entry: z.discriminatedUnion('model', models.map((m) => m.schema) as unknown as Schemas<T>),
    /** The model's definition; throws for a model not in the registry (the schema has refused it before). */
    of(model: string): AnyHazard {
      const m = byModel.get(model);
      if (!m) throw new Error(`no hazard model "${model}"`);
      return m;
    },
    has: (model: string) => byModel.has(model),
    name: (model: string): Text => byModel.get(model)?.names ?? { zh: STRINGS.hazards.zh, en: model },
    /** The models the editor places by clicking the twin. */
    placeable: models.filter((m) => m.editor) as AnyHazard[],
  };
}

export type HazardRegistry = ReturnType<typeof makeRegistry>;
export const HAZARDS = makeRegistry([gasRoom, buildingGas, gasPlume, fall, kitchenFire, buildingFire, craneWind, flood, undergroundFlood, ebikeElevator] as const);
export type HazardModel = (typeof HAZARDS.models)[number]['model'];
