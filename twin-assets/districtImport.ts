// OSM-style GeoJSON → a district the twin loads. Buildings keep their real outlines (in local metres about
// the origin) beside the axis-aligned box the rest of the twin still reads; floors from `building:levels`,
// else `height` / 3 m, else a stated default; names exactly as written. `highway` lines become the street
// graph (OSM shares a node where roads meet, so equal coordinates join), `landuse` areas the courtyards and
// admin boundaries (level ≥ 8) the communities. A feature that cannot be used is named by its index and left
// out; nothing else is guessed silently: every default taken is counted in the summary.
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import convex from '@turf/convex';
import { featureCollection, point, polygon as turfPolygon } from '@turf/helpers';
import kinks from '@turf/kinks';
import type { z } from 'zod';
import { MODEL_ID, SOURCE_KINDS, UNNAMED_WORKER, type District, type Streets } from './districtSchema';
import { fromWgs84, signedArea, type LatLon } from './geo';

type DistrictInput = z.input<typeof District>;
type Pos = [number, number];
interface Feature { type?: string; properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null }

export const DEFAULT_FLOORS = 3;
export { UNNAMED_WORKER };
const FLOOR_M = 3;
/** Road widths by OSM class, when a way has no `width`. */
const ROAD: Record<string, { widthM: number; speedKph: number }> = {
  motorway: { widthM: 30, speedKph: 80 }, trunk: { widthM: 25, speedKph: 60 }, primary: { widthM: 20, speedKph: 50 }, secondary: { widthM: 15, speedKph: 40 },
  tertiary: { widthM: 12, speedKph: 40 }, residential: { widthM: 8, speedKph: 30 }, unclassified: { widthM: 8, speedKph: 30 }, living_street: { widthM: 6, speedKph: 15 },
  service: { widthM: 5, speedKph: 15 }, pedestrian: { widthM: 6, speedKph: 5 }, footway: { widthM: 2, speedKph: 5 }, path: { widthM: 2, speedKph: 5 },
};

/** OSM `building` values → the kinds the twin draws. */
const USE: Record<string, 'residential' | 'shop' | 'school' | 'office' | 'industrial' | 'construction_site' | 'public' | 'parking'> = {
  residential: 'residential', apartments: 'residential', house: 'residential', dormitory: 'residential', detached: 'residential', terrace: 'residential',
  retail: 'shop', commercial: 'shop', supermarket: 'shop', kiosk: 'shop', school: 'school', kindergarten: 'school', university: 'school', college: 'school',
  office: 'office', industrial: 'industrial', warehouse: 'industrial', construction: 'construction_site',
  hospital: 'public', government: 'public', civic: 'public', public: 'public', fire_station: 'public', train_station: 'public',
  mall: 'shop', hotel: 'shop', parking: 'parking', garage: 'parking', garages: 'parking',
};

export interface ImportSummary { buildings: number; defaultFloors: number; fromHeight: number; unnamed: number; underground: number; roads: number; streetNodes: number; streetEdges: number; courtyards: number; groupedCourtyards: number; communities: number; skipped: number }
export interface ImportResult { district: DistrictInput; problems: string[]; summary: ImportSummary }

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
const isPos = (p: unknown): p is Pos => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[1] as number) <= 90 && Math.abs(p[0] as number) <= 180;

/** The outer ring of a Polygon, or of a MultiPolygon's largest part. */
function outerRing(g: Feature['geometry']): Pos[] | null {
  const rings = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!rings) return null;
  let best: Pos[] | null = null, bestArea = -1;
  for (const poly of rings as unknown[][]) {
    const ring = Array.isArray(poly) ? poly[0] : null;
    if (!Array.isArray(ring) || !ring.every(isPos)) return null;
    const a = Math.abs(signedArea((ring as Pos[]).map(([x, y]) => ({ x, y }))));
    if (a > bestArea) { bestArea = a; best = ring as Pos[]; }
  }
  return best;
}

function lines(g: Feature['geometry']): Pos[][] | null {
  const ls = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : null;
  if (!Array.isArray(ls) || !ls.every((l) => Array.isArray(l) && l.length >= 2 && l.every(isPos))) return null;
  return ls as Pos[][];
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Why a ring cannot be a footprint, or null. */
function badRing(ring: Pos[]): string | null {
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return 'has fewer than 3 distinct corners';
  const poly = turfPolygon([closeRing(ring)]);
  if (kinks(poly).features.length) return 'crosses itself';
  if (area(poly) < 1) return 'has no area';
  return null;
}

function allPositions(features: Feature[]): Pos[] {
  const out: Pos[] = [];
  const walk = (c: unknown) => { if (isPos(c)) out.push(c); else if (Array.isArray(c)) c.forEach(walk); };
  for (const f of features) walk(f.geometry?.coordinates);
  return out;
}

export function importDistrict(geojson: unknown, opts: { id: string; name?: { zh: string; en: string }; origin?: LatLon; progress?: (done: number, total: number) => void }): ImportResult {
  const fc = geojson as { type?: string; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('expected a GeoJSON FeatureCollection');
  const features = fc.features as Feature[];
  const problems: string[] = [];
  const summary: ImportSummary = { buildings: 0, defaultFloors: 0, fromHeight: 0, unnamed: 0, underground: 0, roads: 0, streetNodes: 0, streetEdges: 0, courtyards: 0, groupedCourtyards: 0, communities: 0, skipped: 0 };
  const everything = allPositions(features);
  if (!everything.length) throw new Error('the file has no coordinates');
  const origin = opts.origin ?? { lon: (Math.min(...everything.map((p) => p[0])) + Math.max(...everything.map((p) => p[0]))) / 2, lat: (Math.min(...everything.map((p) => p[1])) + Math.max(...everything.map((p) => p[1]))) / 2 };
  const local = (p: Pos) => { const q = fromWgs84(origin, { lon: p[0], lat: p[1] }); return { x: round(q.x), y: round(q.y) }; };
  const name = opts.name ?? { zh: opts.id, en: opts.id };

  const communities: { id: string; name: { zh: string; en: string }; ring: Pos[] }[] = [];
  const courtyards: { id: string; name: { zh: string; en: string }; ring: Pos[]; kind: 'estate' | 'construction_site' | 'old_courtyard' }[] = [];
  const buildings: ({ id: string; named: boolean; name: { zh: string; en: string }; ring: Pos[]; floors: number } & Pick<z.input<typeof District>['buildings'][number], 'use' | 'roof' | 'roofHeightM' | 'underground'>)[] = [];
  const nodes = new Map<string, { id: string; x: number; y: number }>();
  const edges: z.input<typeof Streets>['edges'] = [];
  const node = (p: Pos) => {
    const q = local(p);
    const key = `${Math.round(q.x * 10)},${Math.round(q.y * 10)}`;
    let n = nodes.get(key);
    if (!n) { n = { id: `n${nodes.size + 1}`, ...q }; nodes.set(key, n); }
    return n;
  };

  features.forEach((f, i) => {
    opts.progress?.(i + 1, features.length);
    const tags = f?.properties ?? {};
    const label = str(tags.name) ? ` "${String(tags.name)}"` : '';
    const undergroundParking = tags.amenity === 'parking' && tags.parking === 'underground';
    if (str(tags.building) || undergroundParking) {
      // A metro station, an underground car park, a sunken hall: below the street, where floods and fires kill.
      const underground = Number(tags.layer) < 0 || tags.location === 'underground' || tags.parking === 'underground';
      const ring = outerRing(f.geometry);
      if (!ring) { problems.push(`feature ${i}: building${label} is not a Polygon or MultiPolygon of [lon, lat] positions`); summary.skipped++; return; }
      const why = badRing(ring);
      if (why) { problems.push(`feature ${i}: building${label} ${why}`); summary.skipped++; return; }
      const levels = Number(str(tags[underground ? 'building:levels:underground' : 'building:levels']) ?? str(tags['building:levels']) ?? NaN), height = Number.parseFloat(str(tags.height) ?? '');
      let floors: number;
      if (underground) { floors = Number.isInteger(levels) && levels >= 1 && levels <= 10 ? levels : 1; summary.underground++; }
      else if (Number.isInteger(levels) && levels >= 1 && levels <= 100) floors = levels;
      else if (Number.isFinite(height) && height > 0) { floors = Math.min(100, Math.max(1, Math.round(height / FLOOR_M))); summary.fromHeight++; }
      else { floors = DEFAULT_FLOORS; summary.defaultFloors++; }
      const zh = str(tags.name) ?? str(tags['addr:housenumber']);
      if (!zh) summary.unnamed++;
      // Underground ones are numbered apart, so adding them leaves the ids of the buildings above as they were.
      const n = buildings.filter((b) => !!b.underground === underground).length + 1;
      const fallback = underground ? { zh: `地下空间${n}`, en: `Underground space ${n}` } : { zh: `建筑${n}`, en: `Building ${n}` };
      const roof = tags['roof:shape'] === 'gabled' || tags['roof:shape'] === 'hipped' ? tags['roof:shape'] : undefined;
      const roofHeight = Number.parseFloat(str(tags['roof:height']) ?? '');
      buildings.push({ id: `${underground ? 'u' : 'b'}${n}`, named: zh !== null, name: { zh: zh ?? fallback.zh, en: str(tags['name:en']) ?? zh ?? fallback.en }, ring, floors,
        use: undergroundParking ? 'parking' : USE[String(tags.building)] ?? (str(tags.shop) ? 'shop' : 'other'),
        ...(underground ? { underground } : {}), ...(roof && !underground ? { roof } : {}), ...(roof && !underground && roofHeight > 0 && roofHeight <= 30 ? { roofHeightM: roofHeight } : {}) });
      return;
    }
    if (str(tags.highway)) {
      const ls = lines(f.geometry);
      if (!ls) { problems.push(`feature ${i}: road${label} is not a LineString of [lon, lat] positions`); summary.skipped++; return; }
      const cls = ROAD[String(tags.highway)] ?? ROAD.residential!;
      const width = Number.parseFloat(str(tags.width) ?? '');
      const roadName = str(tags.name) ? { zh: String(tags.name), en: str(tags['name:en']) ?? String(tags.name) } : null;
      summary.roads++;
      for (const l of ls) for (let k = 1; k < l.length; k++) {
        const a = node(l[k - 1]!), b = node(l[k]!);
        if (a === b) continue;
        edges.push({ id: `e${edges.length + 1}`, from: a.id, to: b.id, name: roadName, widthM: Number.isFinite(width) && width > 0 ? Math.min(width, 100) : cls.widthM, speedKph: cls.speedKph });
      }
      return;
    }
    const area = str(tags.landuse) ?? (str(tags.place) === 'neighbourhood' ? 'residential' : null);
    const admin = str(tags.boundary) === 'administrative' && Number(tags.admin_level) >= 8;
    if (area || admin) {
      const ring = outerRing(f.geometry);
      if (!ring || badRing(ring)) { problems.push(`feature ${i}: ${admin ? 'boundary' : 'area'}${label} ${ring ? badRing(ring) : 'is not a Polygon or MultiPolygon'}`); summary.skipped++; return; }
      const areaName = { zh: str(tags.name) ?? '', en: str(tags['name:en']) ?? str(tags.name) ?? '' };
      if (admin) communities.push({ id: `c${communities.length + 1}`, name: areaName.zh ? areaName : { zh: `社区${communities.length + 1}`, en: `Community ${communities.length + 1}` }, ring });
      else courtyards.push({ id: `cy${courtyards.length + 1}`, name: areaName.zh ? areaName : { zh: `院落${courtyards.length + 1}`, en: `Courtyard ${courtyards.length + 1}` }, ring, kind: area === 'construction' ? 'construction_site' : 'estate' });
    }
  });

  // Who lies where: a courtyard in the community holding its centre, a building in the courtyard holding its centre.
  const centreOf = (ring: Pos[]): Pos => { const q = dropClosing(ring); return [q.reduce((s, p) => s + p[0], 0) / q.length, q.reduce((s, p) => s + p[1], 0) / q.length]; };
  const inside = (p: Pos, ring: Pos[]) => booleanPointInPolygon(p, turfPolygon([closeRing(ring)]));
  if (!communities.length) communities.push({ id: 'c1', name, ring: [] });
  const box = (ring: Pos[]) => { const pts = ring.map(local); const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y); return { x: round((Math.min(...xs) + Math.max(...xs)) / 2), y: round((Math.min(...ys) + Math.max(...ys)) / 2), width: Math.max(round(Math.max(...xs) - Math.min(...xs)), 0.5), depth: Math.max(round(Math.max(...ys) - Math.min(...ys)), 0.5) }; };
  const communityOf = (ring: Pos[]) => (communities.find((c) => c.ring.length && inside(centreOf(ring), c.ring)) ?? communities[0]!).id;
  const cys = courtyards.map((c) => ({ ...c, communityId: communityOf(c.ring) }));
  const yardOf = new Map<string, string>();
  for (const b of buildings) { const c = cys.find((y) => inside(centreOf(b.ring), y.ring)); if (c) yardOf.set(b.id, c.id); }
  // Buildings in no mapped courtyard (most of China's OSM has no landuse areas) are grouped into courtyards
  // of neighbours: buildings whose boxes come within GROUP_GAP_M of each other, each group's outline its
  // convex hull, named after its largest named building. Counted in the summary, so the office knows to check.
  for (const c of communities) {
    const mine = buildings.filter((b) => !yardOf.has(b.id) && !b.underground && communityOf(b.ring) === c.id);
    for (const group of neighbourGroups(mine.map((b) => ({ ...box(b.ring), ring: b.ring })))) {
      const members = group.map((i) => mine[i]!);
      const named = members.filter((b) => b.named).sort((a, b) => area(turfPolygon([closeRing(b.ring)])) > area(turfPolygon([closeRing(a.ring)])) ? 1 : -1)[0];
      const k = cys.length + 1;
      const hull = convex(featureCollection(members.flatMap((b) => b.ring.map((p) => point(p)))))?.geometry.coordinates[0] as Pos[] | undefined;
      cys.push({
        id: `cy${k}`, communityId: c.id, kind: members.some((b) => b.use === 'construction_site') ? 'construction_site' : 'estate',
        name: named ? { zh: `${named.name.zh}一带`, en: `Around ${named.name.en}` } : { zh: `${c.name.zh}院落${k}`, en: `${c.name.en} courtyard ${k}` },
        ring: hull && !badRing(hull) ? hull : members.flatMap((b) => b.ring),
      });
      for (const b of members) yardOf.set(b.id, `cy${k}`);
      summary.groupedCourtyards++;
    }
  }
  // An underground structure in no mapped courtyard belongs with the building above ground nearest to it.
  const centre = (ring: Pos[]) => local(centreOf(ring));
  for (const u of buildings.filter((b) => b.underground && !yardOf.has(b.id))) {
    const at = centre(u.ring);
    const near = buildings.filter((b) => !b.underground && yardOf.has(b.id)).sort((a, b) => { const p = centre(a.ring), q = centre(b.ring); return Math.hypot(p.x - at.x, p.y - at.y) - Math.hypot(q.x - at.x, q.y - at.y); })[0];
    if (near) { yardOf.set(u.id, yardOf.get(near.id)!); continue; }
    const k = cys.length + 1;
    cys.push({ id: `cy${k}`, communityId: communityOf(u.ring), kind: 'estate', name: { zh: `${u.name.zh}一带`, en: `Around ${u.name.en}` }, ring: u.ring });
    yardOf.set(u.id, `cy${k}`);
  }
  const grids = communities.map((c) => ({ id: `g-${c.id}`, communityId: c.id, name: { zh: `${c.name.zh}网格`, en: `${c.name.en} grid` }, worker: { name: UNNAMED_WORKER, phone: '000' } }));
  summary.buildings = buildings.length; summary.streetNodes = nodes.size; summary.streetEdges = edges.length; summary.courtyards = cys.length; summary.communities = communities.length;
  const district: DistrictInput = {
    id: opts.id, name, origin: { lat: round6(origin.lat), lon: round6(origin.lon) },
    communities: communities.map((c) => ({ id: c.id, name: c.name, ...(c.ring.length ? { outline: dropClosing(c.ring).map(local) } : {}) })),
    grids,
    courtyards: cys.map((c) => ({ id: c.id, communityId: c.communityId, gridId: `g-${c.communityId}`, name: c.name, kind: c.kind, ...box(c.ring), ...(isClosed(c.ring) ? { outline: dropClosing(c.ring).map(local) } : {}) })),
    buildings: buildings.map((b) => ({
      id: b.id, name: b.name, floors: b.floors, use: b.use, ...(b.underground ? { underground: true } : {}), ...(b.roof ? { roof: b.roof } : {}), ...(b.roofHeightM ? { roofHeightM: b.roofHeightM } : {}), ...box(b.ring),
      courtyardId: yardOf.get(b.id)!,
      footprint: dropClosing(b.ring).map(local),
    })),
    streets: { nodes: [...nodes.values()], edges },
    devices: [],
  };
  return { district, problems, summary };
}

/** Buildings this close (box to box) are one courtyard's. */
export const GROUP_GAP_M = 20;

/** Groups of boxes linked by gaps of at most GROUP_GAP_M (single linkage, a union-find over a 50 m grid). */
function neighbourGroups(boxes: { x: number; y: number; width: number; depth: number }[]): number[][] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const cells = new Map<string, number[]>();
  const CELL = 50;
  boxes.forEach((b, i) => {
    for (let cx = Math.floor((b.x - b.width / 2 - GROUP_GAP_M) / CELL); cx <= Math.floor((b.x + b.width / 2 + GROUP_GAP_M) / CELL); cx++)
      for (let cy = Math.floor((b.y - b.depth / 2 - GROUP_GAP_M) / CELL); cy <= Math.floor((b.y + b.depth / 2 + GROUP_GAP_M) / CELL); cy++) {
        const key = `${cx},${cy}`, here = cells.get(key) ?? [];
        for (const j of here) {
          const o = boxes[j]!;
          const gap = Math.max(Math.abs(b.x - o.x) - (b.width + o.width) / 2, Math.abs(b.y - o.y) - (b.depth + o.depth) / 2);
          if (gap <= GROUP_GAP_M) parent[find(i)] = find(j);
        }
        here.push(i); cells.set(key, here);
      }
  });
  const groups = new Map<number, number[]>();
  boxes.forEach((_, i) => { const r = find(i); groups.set(r, [...(groups.get(r) ?? []), i]); });
  return [...groups.values()];
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
/** GeoJSON rings repeat their first corner at the end; the outline the twin keeps does not. */
const isClosed = (ring: Pos[]) => ring.length > 3 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];
const dropClosing = (ring: Pos[]) => (isClosed(ring) ? ring.slice(0, -1) : ring);
const closeRing = (ring: Pos[]) => (isClosed(ring) ? ring : [...ring, ring[0]!]);

/** A device register (CSV `id,type,building|lon+lat,floor,household`, and for a device on a network server or IoT
 * platform `source,externalId,model`) placed on an imported district: each row that cannot be placed is named
 * `file:line: reason` and left out. A building is named by its id or its exact name. */
export function placeDevices(district: DistrictInput, rows: { line: number; cells: Record<string, string> }[], file: string, types: readonly string[], origin: LatLon): { devices: NonNullable<DistrictInput['devices']>; problems: string[] } {
  const problems: string[] = [];
  const devices: NonNullable<DistrictInput['devices']> = [];
  const seen = new Set<string>();
  const households = new Set((district.households ?? []).map((h) => h.id));
  for (const { line, cells } of rows) {
    const fail = (why: string) => problems.push(`${file}:${line}: ${why}`);
    const id = cells.id?.trim() ?? '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) { fail(`id "${id.slice(0, 40)}" is not an id of letters, digits, "_", "." or "-"`); continue; }
    if (seen.has(id)) { fail(`device "${id}" is listed twice`); continue; }
    const type = cells.type?.trim() ?? '';
    if (!types.includes(type)) { fail(`device "${id}": unknown type "${type.slice(0, 40)}" (one of ${types.join(', ')})`); continue; }
    const floor = cells.floor?.trim() ? Number(cells.floor) : null;
    if (floor !== null && !Number.isInteger(floor)) { fail(`device "${id}": floor must be a whole number, not "${cells.floor}"`); continue; }
    const household = cells.household?.trim() || null;
    if (household && !households.has(household)) { fail(`device "${id}": unknown household "${household}" (the district has ${households.size ? [...households].slice(0, 3).join(', ') + '…' : 'none yet'})`); continue; }
    const named = cells.building?.trim();
    const b = named ? district.buildings.find((x) => x.id === named || x.name.zh === named || x.name.en === named) : undefined;
    if (named && !b) { fail(`device "${id}": unknown building "${named.slice(0, 40)}"`); continue; }
    let position: { x: number; y: number; z: number };
    if (b) position = { x: b.x!, y: b.y!, z: (floor ?? 1) * FLOOR_M - 0.2 };
    else {
      const lon = Number(cells.lon), lat = Number(cells.lat);
      if (!isPos([lon, lat]) || !cells.lon?.trim() || !cells.lat?.trim()) { fail(`device "${id}": give a building, or lon and lat`); continue; }
      const q = fromWgs84(origin, { lon, lat });
      position = { x: round(q.x), y: round(q.y), z: 0 };
    }
    const source = cells.source?.trim() || 'native';
    if (!(SOURCE_KINDS as readonly string[]).includes(source)) { fail(`device "${id}": unknown source "${source.slice(0, 40)}" (one of ${SOURCE_KINDS.join(', ')})`); continue; }
    const externalId = source === 'chirpstack' ? cells.externalId?.trim().toLowerCase().replace(/[-:\s]/g, '') || null : cells.externalId?.trim() || null;
    if (source !== 'native' && !externalId) { fail(`device "${id}": a device from ${source} needs its externalId (its DevEUI, IMEI or platform id)`); continue; }
    if (source === 'chirpstack' && !/^[0-9a-f]{16}$/.test(externalId!)) { fail(`device "${id}": "${cells.externalId!.trim().slice(0, 40)}" is not a DevEUI (16 hex digits)`); continue; }
    const model = cells.model?.trim() || null;
    if (model !== null && !MODEL_ID.test(model)) { fail(`device "${id}": model "${model.slice(0, 40)}" is not a model id (lower-case letters, digits, ".", "_", "-")`); continue; }
    seen.add(id);
    devices.push({ id, type: type as never, buildingId: b?.id ?? null, courtyardId: b?.courtyardId ?? null, householdId: household, floor, position, source: source as (typeof SOURCE_KINDS)[number], externalId, model });
  }
  return { devices, problems };
}
