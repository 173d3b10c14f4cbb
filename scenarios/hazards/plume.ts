// Gas outdoors: a Gaussian plume with Pasquill-Gifford dispersion coefficients, as parameterised in
// EPA's ISC3 model (User's Guide vol. II, EPA-454/B-95-003b, tables 1-1 and 1-2):
//   σy = 465.11628 · x · tan(0.017453293 · (c − d · ln x)),  σz = a · x^b   (x in km, σ in m)
// with the ground reflecting:  C = Q / (2π u σy σz) · e^(−y²/2σy²) · [e^(−(z−H)²/2σz²) + e^(−(z+H)²/2σz²)].
export type Stability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

const SIGMA_Y: Record<Stability, [number, number]> = {
  A: [24.167, 2.5334], B: [18.333, 1.8096], C: [12.5, 1.0857], D: [8.333, 0.72382], E: [6.25, 0.54287], F: [4.1667, 0.36191],
};

/** [upper bound of x in km, a, b]; the last row of each class holds beyond. Class A is capped at 5,000 m past 3.11 km. */
const SIGMA_Z: Record<Stability, [number, number, number][]> = {
  A: [[0.1, 122.8, 0.9447], [0.15, 158.08, 1.0542], [0.2, 170.22, 1.0932], [0.25, 179.52, 1.1262], [0.3, 217.41, 1.2644], [0.4, 258.89, 1.4094], [0.5, 346.75, 1.7283], [Infinity, 453.85, 2.1166]],
  B: [[0.2, 90.673, 0.93198], [0.4, 98.483, 0.98332], [Infinity, 109.3, 1.0971]],
  C: [[Infinity, 61.141, 0.91465]],
  D: [[0.3, 34.459, 0.86974], [1, 32.093, 0.81066], [3, 32.093, 0.64403], [10, 33.504, 0.60486], [30, 36.65, 0.56589], [Infinity, 44.053, 0.51179]],
  E: [[0.1, 24.26, 0.8366], [0.3, 23.331, 0.81956], [1, 21.628, 0.7566], [2, 21.628, 0.63077], [4, 22.534, 0.57154], [10, 24.703, 0.50527], [20, 26.97, 0.46713], [40, 35.42, 0.37615], [Infinity, 47.618, 0.29592]],
  F: [[0.2, 15.209, 0.81558], [0.7, 14.457, 0.78407], [1, 13.953, 0.68465], [2, 13.953, 0.63227], [3, 14.823, 0.54503], [7, 16.187, 0.4649], [15, 17.836, 0.41507], [30, 22.651, 0.32681], [60, 27.074, 0.27436], [Infinity, 34.219, 0.21716]],
};

export function sigmaY(xM: number, s: Stability): number {
  const x = xM / 1000;
  const [c, d] = SIGMA_Y[s];
  return 465.11628 * x * Math.tan(0.017453293 * (c - d * Math.log(x)));
}

export function sigmaZ(xM: number, s: Stability): number {
  const x = xM / 1000;
  if (s === 'A' && x > 3.11) return 5000;
  const [, a, b] = SIGMA_Z[s].find(([upTo]) => x <= upTo)!;
  return Math.min(a * x ** b, 5000);
}

/** Concentration (g/m³) at (x downwind, y crosswind, z up) in metres from a source of Q g/s at height H, wind u m/s. */
export function plumeConcentration(qGps: number, uMps: number, s: Stability, x: number, y: number, z: number, hM: number): number {
  if (x <= 0) return 0;
  const sy = sigmaY(x, s), sz = sigmaZ(x, s);
  return (qGps / (2 * Math.PI * uMps * sy * sz)) * Math.exp(-(y * y) / (2 * sy * sy)) * (Math.exp(-((z - hM) ** 2) / (2 * sz * sz)) + Math.exp(-((z + hM) ** 2) / (2 * sz * sz)));
}

/** Methane at 20 °C: 0.668 kg/m³; %LEL from a concentration in g/m³. */
export const METHANE_G_PER_M3 = 668;
export const methanePercentLel = (gPerM3: number) => Math.min(100, (gPerM3 / METHANE_G_PER_M3 / 0.05) * 100);

/** A point in the district frame → (downwind, crosswind to the left) from a source, wind blowing *towards* `toDeg` (0 = north, 90 = east). */
export function windFrame(src: { x: number; y: number }, p: { x: number; y: number }, toDeg: number): { x: number; y: number } {
  const a = (toDeg * Math.PI) / 180;
  const [ux, uy] = [Math.sin(a), Math.cos(a)];
  const [dx, dy] = [p.x - src.x, p.y - src.y];
  return { x: dx * ux + dy * uy, y: -dx * uy + dy * ux };
}
