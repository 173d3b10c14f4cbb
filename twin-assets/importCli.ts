// `npm run district:import -- --buildings <file.geojson> [--devices <registry.csv>] [--origin lat,lon] --out <district.json>`
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cliArgs, cliFail } from './cli';
import { DEVICE_TYPES } from './deviceCatalog';
import { importDistrict, placeDevices, DEFAULT_FLOORS, UNNAMED_WORKER } from './districtImport';
import { parseDistrict } from './loadDistrict';
import { errorLines } from './validationErrors';

const NAME = 'district:import';
const USAGE = `
npm run district:import -- --buildings <file.geojson> [--devices <registry.csv>] [--origin lat,lon]
                           [--id <district id>] [--name-zh <名称>] [--name-en <name>] --out <district.json>

Turns OpenStreetMap-style GeoJSON (WGS84; e.g. an Overpass export) into a district the twin loads with
DISTRICT=<district.json> npm start:
  buildings    features tagged "building" (Polygon or MultiPolygon): their outlines, in metres about the origin;
               floors from "building:levels", else "height" / 3 m, else ${DEFAULT_FLOORS}; "name" kept exactly (Chinese);
               "roof:shape" gabled or hipped (with "roof:height") drawn pitched, else flat
  roads        LineStrings tagged "highway": the street graph for dispatch routing (ways join where they share a
               node); width from "width", else by class (primary 20 m, residential 8 m, footway 2 m …)
  courtyards   polygons tagged "landuse" (construction: a building site) or place=neighbourhood; buildings in
               none are grouped with their neighbours (within 20 m), named after the largest named one ("…一带")
  communities  boundary=administrative polygons with admin_level 8 or more
  --origin     the local frame's origin (default: the middle of the data)
  --devices    a device register, CSV with the header id,type,building,lon,lat,floor,household: "building" is a
               building's name or id (else lon and lat); a row that cannot be placed is named file:line and left out.
               A device on a network server or IoT platform adds source,externalId,model: source chirpstack, onenet,
               ctwing or webhook; externalId its DevEUI, IMEI or platform id; model its codec (bridge/codecs/)

A feature that cannot be used is named by its index ("feature 12: building "3号楼" crosses itself") and left
out. Grid workers are not in the data: each community's grid gets "${UNNAMED_WORKER}" to fill in.
`;
const { values } = cliArgs(NAME, USAGE, {
  buildings: { type: 'string' }, devices: { type: 'string' }, origin: { type: 'string' }, out: { type: 'string' },
  id: { type: 'string' }, 'name-zh': { type: 'string' }, 'name-en': { type: 'string' },
});
if (!values.buildings) cliFail(NAME, 'give the map: --buildings <file.geojson> (--help explains)');
if (!values.out) cliFail(NAME, 'give the output: --out <district.json>');
let origin: { lat: number; lon: number } | undefined;
if (values.origin) {
  const [lat, lon] = values.origin.split(',').map(Number);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat!) > 90 || Math.abs(lon!) > 180) cliFail(NAME, `--origin is lat,lon in degrees, not "${values.origin}"`);
  origin = { lat: lat!, lon: lon! };
}
const read = (file: string) => { try { return readFileSync(file, 'utf8'); } catch (e) { return cliFail(NAME, `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`); } };
let geojson: unknown;
try { geojson = JSON.parse(read(values.buildings!)); } catch (e) { cliFail(NAME, `${values.buildings}: not valid JSON: ${(e as Error).message}`); }
const id = values.id ?? basename(values.buildings!).replace(/\.(geo)?json$/i, '').replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
const t0 = performance.now();
let shown = 0;
const result = (() => {
  try {
    return importDistrict(geojson, {
      id, origin, name: values['name-zh'] ? { zh: values['name-zh'], en: values['name-en'] ?? values['name-zh'] } : undefined,
      progress: (done, total) => { const pct = Math.floor((100 * done) / total / 10) * 10; if (total > 5000 && pct > shown) { shown = pct; console.log(`  ${pct} % of ${total} features`); } },
    });
  } catch (e) { return cliFail(NAME, `${values.buildings}: ${(e as Error).message}`); }
})();
const problems = [...result.problems];
if (values.devices) {
  let rows: { record: Record<string, string>; info: { lines: number } }[] = [];
  try { rows = parse(read(values.devices), { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, info: true, bom: true, relax_column_count: true }); } catch (e) { cliFail(NAME, `${values.devices}:${(e as { lines?: number }).lines ?? 1}: ${(e as Error).message}`); }
  const placed = placeDevices(result.district, rows.map((r) => ({ line: r.info.lines, cells: r.record })), values.devices, DEVICE_TYPES, { lat: result.district.origin.lat, lon: result.district.origin.lon });
  result.district.devices = placed.devices;
  problems.push(...placed.problems);
}
for (const p of problems) console.error(p.startsWith('feature') ? `${values.buildings}: ${p}` : p);
const checked = parseDistrict(result.district);
if (!checked.ok) cliFail(NAME, `the district made from ${values.buildings} is not valid: ${errorLines(checked.errors).slice(0, 3).join('; ')}`);
if (!result.summary.buildings) cliFail(NAME, `${values.buildings}: no usable building (features tagged "building" with a Polygon outline)`);
try { writeFileSync(values.out!, JSON.stringify(result.district, null, 1)); } catch (e) { cliFail(NAME, `cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`); }
const s = result.summary;
console.log(`${s.buildings} buildings (${s.fromHeight} floors from height, ${s.defaultFloors} at the default ${DEFAULT_FLOORS}, ${s.unnamed} unnamed${s.underground ? `, ${s.underground} underground` : ''}), ${s.streetEdges} street segments from ${s.roads} roads, ${s.courtyards} courtyards${s.groupedCourtyards ? ` (${s.groupedCourtyards} grouped from neighbouring buildings)` : ''}, ${s.communities} communities${values.devices ? `, ${result.district.devices?.length ?? 0} devices` : ''}; ${problems.length} problem(s) · ${Math.round(performance.now() - t0)} ms`);
console.log(`written to ${values.out}: DISTRICT=${values.out} npm start`);
