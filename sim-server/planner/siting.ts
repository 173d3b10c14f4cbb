// Where a sensor may go, as the standards say, as data. Candidates the planner offers obey these; the
// README cites them ("Planning where sensors go").
export const SITING_RULES = {
  /** GB 50028-2006 城镇燃气设计规范 (2020 edition), 10.8.2: a detector for a gas lighter than air (natural gas)
   * within 8 m horizontally of the appliance or valve, within 0.3 m of the ceiling, not above the appliance. */
  naturalGas: { standard: 'GB 50028-2006 (2020) 10.8.2', maxHorizontalM: 8, band: 'ceiling', withinM: 0.3, notAboveAppliance: true },
  /** The same clause for a gas heavier than air (LPG): within 4 m, within 0.3 m of the floor. */
  lpg: { standard: 'GB 50028-2006 (2020) 10.8.2', maxHorizontalM: 4, band: 'floor', withinM: 0.3, notAboveAppliance: false },
} as const;

/** Household gas alarms trip between 3 and 25 %LEL (GB 15322.2); the bundled rule raises at 10. */
export const GAS_ALARM_PERCENT_LEL = 10;

/** A point detector's protected area and radius on a flat ceiling. */
export interface SmokeRule { standard: string; areaM2: number; radiusM: number; wallClearanceM: number }

/** GB 50116-2013 火灾自动报警系统设计规范 6.2.2 (table): a point smoke detector on a ceiling of slope ≤ 15°
 * protects A = 60 m² within R = 5.8 m when the room is over 80 m² and at most 6 m high, A = 80 m² within
 * R = 6.7 m in a room of at most 80 m² (up to 12 m high); 6.2.5: at least 0.5 m from a wall or beam. */
export function gb50116Smoke(roomM2: number, ceilingM: number): SmokeRule {
  const small = roomM2 <= 80 || ceilingM > 6;
  return { standard: 'GB 50116-2013 6.2.2', areaM2: small ? 80 : 60, radiusM: small ? 6.7 : 5.8, wallClearanceM: 0.5 };
}

/** NFPA 72 (2022) 17.7.3.2.3.1: smooth ceilings, 9.1 m (30 ft) nominal spacing, every point of the ceiling within
 * 0.7 × that spacing of a detector. */
export const NFPA72_SMOKE: SmokeRule = { standard: 'NFPA 72 17.7.3.2.3.1', areaM2: 9.1 * 9.1, radiusM: 0.7 * 9.1, wallClearanceM: 0.1 };

/** How many detectors a rectangular room needs, in a grid of cells each within the rule's area and radius, and where. */
export function smokeGrid(rule: SmokeRule, room: { x: number; y: number; w: number; d: number }): { x: number; y: number }[] {
  let nx = 1, ny = 1;
  // Grow the side whose cells are longer until each cell is small enough and its corners are within R of its centre.
  for (;;) {
    const cw = room.w / nx, cd = room.d / ny;
    if (cw * cd <= rule.areaM2 && Math.hypot(cw, cd) / 2 <= rule.radiusM) break;
    if (cw >= cd) nx++; else ny++;
  }
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) out.push({ x: room.x - room.w / 2 + (room.w * (i + 0.5)) / nx, y: room.y - room.d / 2 + (room.d * (j + 0.5)) / ny });
  return out;
}

/** GB 50014-2021 室外排水设计标准 4.1.3 (table): the design return period of the drains of a megacity's central area,
 * 3–5 years; the planner takes 3. A storm rarer than that surcharges the sewer before the streets pond. */
export const SEWER_DESIGN_RETURN_YEARS = 3;

/** The storm curve in the form GB 50014-2021 4.1.9 prescribes, q = 167·A1·(1 + C·lg P) / (t + b)^n (L/s·ha), with
 * b = b0·P^m. The parameters are those usually tabulated for Chengdu (给水排水设计手册, vol. 5); a district
 * should replace them with its city's current published curve. Returns mm/h averaged over `minutes`. */
export const STORM_CURVE = { place: 'Chengdu', q0: 2806, c: 0.803, b0: 12.8, m: 0.231, n: 0.768 } as const;
export function stormMmPerH(returnYears: number, minutes: number, k = STORM_CURVE): number {
  const q = (k.q0 * (1 + k.c * Math.log10(returnYears))) / (minutes + k.b0 * returnYears ** k.m) ** k.n;
  return q * 0.36; // 1 L/s·ha = 0.36 mm/h
}
