// `npm run district:import` as a street office runs it: a map and a device register in, a district out that
// the twin starts on; what cannot be used is named, one line each.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { spawnScript } from '../helpers/serverProcess';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

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
    expect(run.out.stdout).toMatch(/1 buildings .* 2 street segments from 1 roads, 1 courtyards \(1 grouped from neighbouring buildings\), 1 communities, 1 devices; 2 problem\(s\)/);

    twin = await startTestTwin({ DISTRICT: out });
    const d = await (await fetch(`${twin.httpUrl}api/district`)).json() as { id: string; buildings: { name: { zh: string }; footprint: { x: number; y: number }[] }[]; devices: { id: string }[] };
    expect(d.id).toBe('jinhe-import');
    expect(d.buildings[0]!.name.zh).toBe('金河社区3号楼');
    expect(d.buildings[0]!.footprint).toHaveLength(4);
    expect(d.devices.map((x) => x.id)).toEqual(['gas-3-301']);
  }, 120_000);

  it('imports a real neighbourhood from OpenStreetMap (Guanggu, Wuhan), starts on it with a local patch, and routes a responder over its roads', async () => {
    await twin?.stop();
    const fixture = 'test/fixtures/osm-guanggu';
    const dir = mkdtempSync(join(tmpdir(), 'guanggu-'));
    const run = spawnScript('twin-assets/importCli.ts', ['--buildings', `${fixture}/guanggu.geojson`, '--devices', `${fixture}/register.csv`, '--origin', '30.508,114.395', '--id', 'guanggu', '--name-zh', '光谷广场片区', '--name-en', 'Guanggu Square', '--out', join(dir, 'guanggu.json')]);
    expect(await run.exit).toBe(0);
    expect(run.out.stderr).toBe('');
    expect(run.out.stdout).toMatch(/^234 buildings \(74 floors from height, 159 at the default 3, 146 unnamed, 1 underground\), \d+ street segments from 207 roads, \d+ courtyards \(\d+ grouped from neighbouring buildings\), 1 communities, 8 devices; 0 problem\(s\)/);
    copyFileSync(`${fixture}/guanggu.local.json`, join(dir, 'guanggu.local.json'));

    twin = await startTestTwin({ DISTRICT: join(dir, 'guanggu.local.json') });
    type Building = { id: string; name: { zh: string }; floors: number; footprint: unknown[]; x: number; y: number; underground: boolean };
    const d = await (await fetch(`${twin.httpUrl}api/district`)).json() as { buildings: Building[]; streets: { edges: { name: { zh: string } | null }[] }; microFireStations: { x: number; y: number }[] };
    expect(d.buildings).toHaveLength(234);
    // The metro station (layer=-1) is kept, below the street.
    expect(d.buildings.find((b) => b.name.zh === '光谷广场地铁站')).toMatchObject({ id: 'u1', underground: true, floors: 1 });
    const hotel = d.buildings.find((b) => b.name.zh === '华美达大酒店')!;
    expect(hotel.floors).toBe(31); // height=92 in OSM
    expect(hotel.footprint.length).toBeGreaterThan(4);
    expect(d.streets.edges.some((e) => e.name?.zh === '珞喻路') && d.streets.edges.some((e) => e.name?.zh === '光谷转盘')).toBe(true);

    // a gas alarm in staff dormitory 20: the micro fire station from the patch comes by road, round the blocks
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/guanggu/dev/gas-jg20-301/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }));
    await until(() => twin!.pipeline.core.openAlarms().length === 1, 30_000, 'the gas alarm');
    await probe.close();
    const alarm = twin.pipeline.core.openAlarms()[0]!;
    const detail = await (await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(alarm.id)}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json() as { tasks: { kind: string; resource: { name: string }; distanceM: number; etaS: number }[] };
    const station = detail.tasks.find((t) => t.kind === 'micro_fire_station')!;
    expect(station.resource.name).toBe('光谷街微型消防站（演练设定）');
    const dorm = d.buildings.find((b) => b.name.zh === '教工宿舍20号楼')!;
    const crow = Math.hypot(dorm.x - d.microFireStations[0]!.x, dorm.y - d.microFireStations[0]!.y);
    expect(crow).toBeGreaterThan(1000);
    expect(station.distanceM).toBeGreaterThan(crow * 1.05); // along the streets, not across the blocks
    expect(station.distanceM).toBeLessThan(crow * 2);
    expect(station.etaS).toBeLessThan(station.distanceM / (40 / 3.6) + 300);
  }, 120_000);

  it('refuses a file that is not a FeatureCollection with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    writeFileSync(join(dir, 'x.geojson'), JSON.stringify({ type: 'Feature' }));
    const run = spawnScript('twin-assets/importCli.ts', ['--buildings', join(dir, 'x.geojson'), '--out', join(dir, 'o.json')]);
    expect(await run.exit).toBe(1);
    expect(run.out.stderr.trim()).toBe(`district:import: ${join(dir, 'x.geojson')}: expected a GeoJSON FeatureCollection`);
  }, 60_000);
});
