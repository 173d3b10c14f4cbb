// Local metres (x east, y north) ↔ WGS84. An equirectangular projection about the district's
// origin: over a 3 km street its error stays under a metre, well inside a CAP circle's radius.

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;

export interface LatLon { lat: number; lon: number }

export function toWgs84(origin: LatLon, x: number, y: number): LatLon {
  return {
    lat: origin.lat + (y / EARTH_RADIUS_M) / DEG,
    lon: origin.lon + (x / (EARTH_RADIUS_M * Math.cos(origin.lat * DEG))) / DEG,
  };
}

export function fromWgs84(origin: LatLon, p: LatLon): { x: number; y: number } {
  return {
    x: (p.lon - origin.lon) * DEG * EARTH_RADIUS_M * Math.cos(origin.lat * DEG),
    y: (p.lat - origin.lat) * DEG * EARTH_RADIUS_M,
  };
}

/** Great-circle distance in metres, to check the projection against. */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Whether a point (a building's centre) lies inside a polygon in the local frame: even–odd ray crossing. */
export function insidePolygon(b: { x: number; y: number } | undefined, poly: { x: number; y: number }[]): boolean {
  if (!b) return false;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [pi, pj] = [poly[i]!, poly[j]!];
    if ((pi.y > b.y) !== (pj.y > b.y) && b.x < ((pj.x - pi.x) * (b.y - pi.y)) / (pj.y - pi.y) + pi.x) inside = !inside;
  }
  return inside;
}

/** A polygon's signed area in the local frame, m² (the shoelace formula): positive when counter-clockwise. */
export const signedArea = (pts: readonly { x: number; y: number }[]) => pts.reduce((sum, p, i) => { const q = pts[(i + 1) % pts.length]!; return sum + p.x * q.y - q.x * p.y; }, 0) / 2;
