// What the planner's tables share: the weight of the people an incident puts at risk (the elderly living
// alone first), the names a person reads for places, and the bookkeeping from named candidates and
// scenarios to Chama's indexed problem.
import type { District } from '../../twin-assets/districtSchema';
import type { Candidate, PlacementTable, PlannedType } from '../../twin-assets/placement';

type Text = { zh: string; en: string };
type Resident = District['households'][number]['residents'][number];

/** Someone over 70 living alone counts 3, a disabled person 2, anyone else 1. */
export const weightOf = (r: Resident) => (r.age >= 70 && r.livingAlone ? 3 : r.disabled ? 2 : 1);
export const householdWeight = (h: District['households'][number]) => h.residents.reduce((s, r) => s + weightOf(r), 0);

/** "纺织厂老院落 1栋" / "Block 1, Textile Mill courtyard": the courtyard and the block, never an id. */
export function placeNamer(d: District): (buildingId: string) => Text {
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const courtyards = new Map(d.courtyards.map((c) => [c.id, c]));
  return (id) => {
    const b = buildings.get(id);
    if (!b) return { zh: id, en: id };
    const c = courtyards.get(b.courtyardId);
    return { zh: `${c ? c.name.zh : ''}${b.name.zh}`, en: `${b.name.en}${c ? `, ${c.name.en}` : ''}` };
  };
}

export interface Detection { candidate: string; seconds: number; impact: number }

export class TableBuilder {
  private readonly candidates: Candidate[] = [];
  private readonly index = new Map<string, number>();
  private readonly names: Record<string, string> = {};
  private readonly scenarios: PlacementTable['problem']['scenarios'] = [];
  private readonly detections: PlacementTable['problem']['detections'] = [];
  private readonly seconds: number[][] = [];
  private readonly where: { x: number; y: number }[] = [];

  candidate(c: Candidate, name: Text): void {
    if (this.index.has(c.id)) return;
    this.index.set(c.id, this.candidates.length);
    this.candidates.push(c);
    this.names[c.id] = `${name.zh} / ${name.en}`;
  }

  has(candidateId: string): boolean { return this.index.has(candidateId); }
  get candidateCount(): number { return this.candidates.length; }
  get scenarioCount(): number { return this.scenarios.length; }
  candidateList(): readonly Candidate[] { return this.candidates; }

  /** A scenario and the candidates that detect it. */
  scenario(id: string, name: Text, at: { x: number; y: number }, undetected: number, probability: number | null, found: Detection[]): void {
    this.scenarios.push({ id, undetected, probability });
    this.names[id] = `${name.zh} / ${name.en}`;
    this.where.push(at);
    this.detections.push(found.map((f) => ({ sensor: this.index.get(f.candidate)!, impact: f.impact })));
    this.seconds.push(found.map((f) => f.seconds));
  }

  build(type: PlannedType, fixed: string[], useProbability: boolean): PlacementTable {
    return {
      type, useProbability, fixed: [...new Set(fixed)], names: this.names, candidates: this.candidates, seconds: this.seconds, where: this.where,
      problem: { scenarios: this.scenarios, sensors: this.candidates.map((c) => ({ id: c.id, cost: 1 })), detections: this.detections },
    };
  }
}
