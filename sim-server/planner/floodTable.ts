// The impact table for water-level gauges: a storm of each return period (2 to 100 years, on the storm
// curve of siting.ts, a two-hour storm peaking at 40 %) over every flood zone, stepped with the twin's
// flood model (scenarios/hazards/flood.ts). Candidates: the low point of each zone (an underpass's sump,
// a courtyard's lowest ground), where a gauge reads the depth and alarms at the district's flood rule; and
// the manholes within reach of a zone, where a gauge in the sewer reads it surcharging — which happens only
// when the rain beats the drains' design storm (GB 50014), but then early. Impact = minutes of standing
// water before detection × the people exposed (ground-floor residents weighted by vulnerability, and
// passers-by); storms are weighted by their yearly probability.
import type { District } from '../../twin-assets/districtSchema';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { initialFlood, rainAt, stepFlood, type FloodParams } from '../../scenarios/hazards/flood';
import { insidePolygon } from '../../twin-assets/geo';
import type { PlacementTable } from '../../twin-assets/placement';
import { SEWER_DESIGN_RETURN_YEARS, stormMmPerH } from './siting';
import { householdWeight, TableBuilder, type Detection } from './tableBuilder';

export const RETURN_YEARS = [2, 5, 10, 20, 50, 100] as const;
/** Hours of the storm and after it that the table follows; water still standing then counts to the end. */
const HORIZON_S = 6 * 3600, STORM_S = 2 * 3600, PEAK_AT = 0.4;
/** People on foot or in vehicles in a zone at any time of a storm. */
const PASSERS_BY = 10;
/** A manhole drains the zones within this distance of it: its gauge sees them surcharge. */
export const MANHOLE_REACH_M = 60;

/** Chama's probability for a return period: the chance in a year of a storm at least that rare but rarer than the next one listed. */
export function bandProbability(k: number): number {
  const t = RETURN_YEARS[k]!, next = RETURN_YEARS[k + 1];
  return 1 / t - (next ? 1 / next : 0);
}

/** The storm of a return period as the flood model takes it, on a zone's drainage; deep underpasses gather a larger catchment. */
export function stormParams(returnYears: number, zone: District['floodZones'][number]): FloodParams {
  const meanMmPerH = stormMmPerH(returnYears, STORM_S / 60);
  return { peakRainMmPerH: 2 * meanMmPerH, stormS: STORM_S, peakAtS: PEAK_AT * STORM_S, catchmentRatio: zone.groundLevelM <= -1 ? 12 : 5, runoff: 0.8, drainageMmPerH: zone.drainageMmPerH, pumpMmPerH: 0 };
}

/** When water starts to stand, when it reaches a depth, when the rain first beats an intensity, and how long it stands (s). */
export function floodTimes(p: FloodParams, depthM: number, surchargeMmPerH: number): { ponding: number | null; reaches: number | null; surcharge: number | null; standingS: number } {
  let s = initialFlood();
  let ponding: number | null = null, reaches: number | null = null, surcharge: number | null = null, standingS = 0;
  for (let t = 0; t < HORIZON_S; t += 10) {
    if (surcharge === null && rainAt(p, t) > surchargeMmPerH) surcharge = t;
    s = stepFlood(p, s, t, 10);
    if (s.depthM > 0) { standingS += 10; ponding ??= t + 10; }
    if (reaches === null && s.depthM >= depthM) reaches = t + 10;
  }
  return { ponding, reaches, surcharge, standingS };
}

export function floodImpactTable(d: District, rules: RuleSet, progress: (line: string) => void = () => {}): PlacementTable {
  const rule = rules.rules.find((r) => r.deviceType === 'water_level' && r.when === 'above');
  const alarmM = rule && rule.when === 'above' ? Math.min(...rule.bands.map((b) => b.at)) : 0.15;
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  // The drains carry the peak of their design storm; a rarer storm's rain beyond that surcharges them.
  const surchargeMmPerH = 2 * stormMmPerH(SEWER_DESIGN_RETURN_YEARS, STORM_S / 60);
  const t = new TableBuilder();
  const zones = d.floodZones.map((z) => {
    const c = { x: z.polygon.reduce((s, p) => s + p.x, 0) / z.polygon.length, y: z.polygon.reduce((s, p) => s + p.y, 0) / z.polygon.length };
    t.candidate({ id: `low:${z.id}`, ...c, z: z.groundLevelM, kind: 'low_point', buildingId: null, householdId: null, floor: null, room: null, rule: `alarm at ${alarmM} m (rules: water_level)` },
      { zh: `${z.name.zh} 最低点`, en: `low point, ${z.name.en}` });
    const homes = d.households.filter((h) => h.floor <= 1 && insidePolygon(buildings.get(h.buildingId), z.polygon));
    const people = PASSERS_BY + homes.reduce((s, h) => s + householdWeight(h), 0);
    const manholes = d.manholes.filter((m) => distanceToPolygon(m, z.polygon) <= MANHOLE_REACH_M);
    return { z, c, people, manholes };
  });
  for (const m of new Set(zones.flatMap((x) => x.manholes))) {
    const street = d.streets.edges.find((e) => e.name && nearEdge(d, e, m));
    const by = nearest(d.courtyards.filter((c) => c.kind !== 'street'), m);
    t.candidate({ id: `manhole:${m.id}`, x: m.x, y: m.y, z: -1, kind: 'manhole', buildingId: null, householdId: null, floor: null, room: null, rule: `sewer surcharge above the ${SEWER_DESIGN_RETURN_YEARS}-year design storm (GB 50014-2021 4.1.3)` },
      { zh: `${street ? street.name!.zh : ''}检查井${by ? `（${by.name.zh}${side(by, m).zh}）` : ''}`, en: `manhole${street ? ` on ${street.name!.en}` : ''}${by ? `, ${side(by, m).en} of ${by.name.en}` : ''}` });
  }
  for (const { z, c, people, manholes } of zones) {
    RETURN_YEARS.forEach((years, k) => {
      const times = floodTimes(stormParams(years, z), alarmM, surchargeMmPerH);
      if (times.ponding === null) return; // the drains keep up: nothing to detect
      const minutes = (s: number) => Math.max(0, s - times.ponding!) / 60;
      const found: Detection[] = [];
      if (times.reaches !== null) found.push({ candidate: `low:${z.id}`, seconds: times.reaches, impact: minutes(times.reaches) * people });
      if (years > SEWER_DESIGN_RETURN_YEARS && times.surcharge !== null) for (const m of manholes) found.push({ candidate: `manhole:${m.id}`, seconds: times.surcharge, impact: minutes(times.surcharge) * people });
      t.scenario(`flood:${z.id}:${years}y`, { zh: `${z.name.zh} ${years}年一遇暴雨积水`, en: `${years}-year storm flooding ${z.name.en}` }, c,
        (times.standingS / 60) * people, bandProbability(k), found);
    });
  }
  progress(`water_level: ${t.scenarioCount} floods (${zones.length} zones × storms of ${RETURN_YEARS.join(', ')} years) × ${t.candidateCount} candidate gauges, drains designed for the ${SEWER_DESIGN_RETURN_YEARS}-year storm`);
  const fixed = d.floodZones.flatMap((z) => (z.gaugeDeviceId && d.devices.some((x) => x.id === z.gaugeDeviceId) ? [`low:${z.id}`] : []))
    .concat(d.manholes.filter((m) => m.deviceId && d.devices.find((x) => x.id === m.deviceId)?.type === 'water_level' && t.has(`manhole:${m.id}`)).map((m) => `manhole:${m.id}`));
  return t.build('water_level', fixed, true);
}

function distanceToPolygon(p: { x: number; y: number }, poly: { x: number; y: number }[]): number {
  if (insidePolygon(p, poly)) return 0;
  return Math.min(...poly.map((a, i) => segmentDistance(p, a, poly[(i + 1) % poly.length]!)));
}

function segmentDistance(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const u = len2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(p.x - a.x - u * dx, p.y - a.y - u * dy);
}

function nearEdge(d: District, e: District['streets']['edges'][number], p: { x: number; y: number }): boolean {
  const a = d.streets.nodes.find((n) => n.id === e.from), b = d.streets.nodes.find((n) => n.id === e.to);
  return !!a && !!b && segmentDistance(p, a, b) <= e.widthM / 2 + 5;
}

function nearest<T extends { x: number; y: number }>(items: T[], p: { x: number; y: number }): T | undefined {
  return items.reduce<T | undefined>((a, c) => (!a || Math.hypot(c.x - p.x, c.y - p.y) < Math.hypot(a.x - p.x, a.y - p.y) ? c : a), undefined);
}

/** Which way and how far from a place a point lies, as a person says it: "西南 35 米" / "35 m south-west". */
function side(of: { x: number; y: number }, p: { x: number; y: number }): { zh: string; en: string } {
  const dirs = [['东', 'east'], ['东北', 'north-east'], ['北', 'north'], ['西北', 'north-west'], ['西', 'west'], ['西南', 'south-west'], ['南', 'south'], ['东南', 'south-east']] as const;
  const [zh, en] = dirs[(Math.round(Math.atan2(p.y - of.y, p.x - of.x) / (Math.PI / 4)) + 8) % 8]!;
  const m = Math.round(Math.hypot(p.x - of.x, p.y - of.y) / 5) * 5;
  return { zh: `${zh} ${m} 米`, en: `${m} m ${en}` };
}
