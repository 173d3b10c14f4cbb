// `npm run district:import` as a street office runs it: a map and a device register in, a district out that
// the twin starts on; what cannot be used is named, one line each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { spawnScript } from '../helpers/serverProcess';
import { startTestTwin } from '../helpers/twin';

const O = { lat: 30.66, lon: 104.06 };
const m = (dx: number, dy: number) => [O.lon + dx / (111_320 * Math.cos((O.lat * Math.PI) / 180)), O.lat + dy / 110_574];
const square = (cx: number, cy: number, w: number, d: number) => [[m(cx - w / 2, cy - d / 2), m(cx + w / 2, cy - d / 2), m(cx + w / 2, cy + d / 2), m(cx - w / 2, cy + d / 2), m(cx - w / 2, cy - d / 2)]];

describe('npm run district:import', () => {
  let twin: RunningTwin | undefined;
  afterAll(async () => { await twin?.stop(); });

  it('writes a district the twin starts on, with the outlines and the devices, and names what it left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    writeFileSync(join(dir, 'map.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { building: 'residential', name: '金河社区3号楼', 'building:levels': '6' }, geometry: { type: 'Polygon', coordinates: square(0, 30, 40, 12) } },
      { type: 'Feature', properties: { building: 'yes', name: '坏的' }, geometry: { type: 'Polygon', coordinates: [[m(0, 0), m(10, 10), m(10, 0), m(0, 10), m(0, 0)]] } },
      { type: 'Feature', properties: { highway: 'primary', name: '锦河路' }, geometry: { type: 'LineString', coordinates: [m(-120, 0), m(0, 0), m(120, 0)] } },
    ] }));
    writeFileSync(join(dir, 'register.csv'), 'id,type,building,lon,lat,floor,household\ngas-3-301,gas,金河社区3号楼,,,3,\nbad,toaster,金河社区3号楼,,,,\n');
    const out = join(dir, 'district.json');
    const run = spawnScript('twin-assets/importCli.ts', ['--buildings', join(dir, 'map.geojson'), '--devices', join(dir, 'register.csv'), '--origin', `${O.lat},${O.lon}`, '--id', 'jinhe-import', '--out', out]);
    expect(await run.exit).toBe(0);
    expect(run.out.stderr.trim().split('\n')).toEqual([
      `${join(dir, 'map.geojson')}: feature 1: building "坏的" crosses itself`,
      expect.stringMatching(new RegExp(`^${join(dir, 'register.csv').replace(/[.]/g, '\\.')}:3: device "bad": unknown type "toaster"`)),
    ]);
    expect(run.out.stdout).toMatch(/1 buildings .* 2 street segments from 1 roads, 1 courtyards, 1 communities, 1 devices; 2 problem\(s\)/);

    twin = await startTestTwin({ DISTRICT: out });
    const d = await (await fetch(`${twin.httpUrl}api/district`)).json() as { id: string; buildings: { name: { zh: string }; footprint: { x: number; y: number }[] }[]; devices: { id: string }[] };
    expect(d.id).toBe('jinhe-import');
    expect(d.buildings[0]!.name.zh).toBe('金河社区3号楼');
    expect(d.buildings[0]!.footprint).toHaveLength(4);
    expect(d.devices.map((x) => x.id)).toEqual(['gas-3-301']);
  }, 120_000);

  it('refuses a file that is not a FeatureCollection with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    writeFileSync(join(dir, 'x.geojson'), JSON.stringify({ type: 'Feature' }));
    const run = spawnScript('twin-assets/importCli.ts', ['--buildings', join(dir, 'x.geojson'), '--out', join(dir, 'o.json')]);
    expect(await run.exit).toBe(1);
    expect(run.out.stderr.trim()).toBe(`district:import: ${join(dir, 'x.geojson')}: expected a GeoJSON FeatureCollection`);
  }, 60_000);
});
