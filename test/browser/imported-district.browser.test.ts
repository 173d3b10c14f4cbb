// An imported district in Chromium: the buildings stand on their real outlines (one merged mesh), an underground
// car park lies below the street, and a click on one names it; then a real neighbourhood from OpenStreetMap
// (光谷广场, Wuhan), with its names.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDistrict } from '../../twin-assets/districtImport';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

const O = { lat: 30.66, lon: 104.06 };
const m = (dx: number, dy: number) => [O.lon + dx / (111_320 * Math.cos((O.lat * Math.PI) / 180)), O.lat + dy / 110_574];
// An L-shaped block and a tower, with a road between them, and a two-level car park under the ground beside them.
const L = [[m(0, 0), m(30, 0), m(30, 10), m(10, 10), m(10, 20), m(0, 20), m(0, 0)]];
const tower = [[m(50, 0), m(62, 0), m(62, 12), m(50, 12), m(50, 0)]];
const carPark = [[m(0, 30), m(40, 30), m(40, 50), m(0, 50), m(0, 30)]];
const map = { type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { building: 'residential', name: '锦河苑1栋', 'building:levels': '6' }, geometry: { type: 'Polygon', coordinates: L } },
  { type: 'Feature', properties: { building: 'residential', name: '锦河苑2栋', height: '30' }, geometry: { type: 'Polygon', coordinates: tower } },
  { type: 'Feature', properties: { amenity: 'parking', parking: 'underground', name: '锦河苑地下车库', 'building:levels:underground': '2' }, geometry: { type: 'Polygon', coordinates: carPark } },
  { type: 'Feature', properties: { highway: 'residential', name: '锦河苑路' }, geometry: { type: 'LineString', coordinates: [m(-40, -10), m(100, -10)] } },
] };

describe('an imported district in the browser', () => {
  const ctx = twinAndBrowser(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'imported-')), 'district.json');
    writeFileSync(file, JSON.stringify(importDistrict(map, { id: 'jinhe-garden', origin: O, name: { zh: '锦河苑', en: 'Jinhe Garden' } }).district));
    return startTestTwin({ DISTRICT: file });
  });

  it('draws each building on its real outline, extruded to its height, in one mesh', async () => {
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator']));
    const drawn = await page.evaluate(() => {
      const scene = window.__twin!.scene as { getObjectByName(n: string): { geometry: { attributes: { position: { count: number; array: Float32Array } } } } | undefined };
      const mesh = scene.getObjectByName('buildings');
      if (!mesh) return null;
      const a = mesh.geometry.attributes.position;
      let top = 0;
      for (let i = 1; i < a.array.length; i += 3) top = Math.max(top, a.array[i]!);
      return { triangles: a.count / 3, top };
    });
    // the L: 6 walls × 2 + 4 roof triangles; the tower: 4 × 2 + 2
    expect(drawn).toEqual({ triangles: 16 + 10, top: 30 });
    expect(await page.evaluate(() => window.__twin!.instances!()['buildings'])).toBe(2);
    // the car park: its four walls and floor, from the street down two levels (6 m), apart from the buildings
    const below = await page.evaluate(() => {
      const mesh = (window.__twin!.scene as { getObjectByName(n: string): { userData: { owners: number }; geometry: { attributes: { position: { array: Float32Array } } } } | undefined }).getObjectByName('underground');
      if (!mesh) return null;
      const ys = Array.from(mesh.geometry.attributes.position.array).filter((_, i) => i % 3 === 1);
      return { owners: mesh.userData.owners, bottom: Math.min(...ys), top: Math.max(...ys) };
    });
    expect(below).toEqual({ owners: 1, bottom: -6, top: 0 });
  }, 120_000);

  it('names the buildings over their roofs, byte for byte, in the page\'s own text', async () => {
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator']));
    const labels = page.getByTestId('place-labels').locator('span.building');
    await labels.filter({ hasText: /^锦河苑2栋$/ }).waitFor({ timeout: 30_000 });
    expect((await labels.allInnerTexts()).filter(Boolean).sort()).toEqual(['锦河苑1栋', '锦河苑2栋', '锦河苑地下车库']);
    // the label stands over its building: above the tower's roof on the screen
    const box = (await labels.filter({ hasText: /^锦河苑2栋$/ }).boundingBox())!;
    const canvas = (await page.locator('canvas[data-engine]').boundingBox())!;
    const roof = await page.evaluate(() => window.__twin!.screenOfPoint!(56, 6, 30));
    expect(Math.abs(box.x + box.width / 2 - (canvas.x + roof.x))).toBeLessThan(40);
    expect(box.y + box.height - (canvas.y + roof.y)).toBeLessThan(30);
  }, 120_000);
});

describe('a real neighbourhood from OpenStreetMap in the browser (光谷广场, Wuhan)', () => {
  const ctx = twinAndBrowser(async () => {
    const map = JSON.parse(readFileSync('test/fixtures/osm-guanggu/guanggu.geojson', 'utf8'));
    const file = join(mkdtempSync(join(tmpdir(), 'guanggu-')), 'guanggu.json');
    writeFileSync(file, JSON.stringify(importDistrict(map, { id: 'guanggu', origin: { lat: 30.508, lon: 114.395 }, name: { zh: '光谷广场片区', en: 'Guanggu Square' } }).district));
    return startTestTwin({ DISTRICT: file });
  });

  it('stands every building on its outline in one mesh, and names buildings, roads and courtyards as mapped', async () => {
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator']));
    // the Chinese glyphs come with the app, from the twin itself
    const faces = await page.evaluate(async () => (await document.fonts.load('12px "Noto Sans SC"', '华美达大酒店珞喻路')).map((f) => f.status));
    expect(faces.length).toBeGreaterThan(0);
    expect(faces.every((f) => f === 'loaded')).toBe(true);
    const fontFiles = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\.woff2?$/.test(u)));
    expect(fontFiles.length).toBeGreaterThan(0);
    expect(fontFiles.every((u) => u.startsWith(ctx.twin.httpUrl))).toBe(true);
    const d = ctx.twin.loaded.district;
    const drawn = await page.evaluate(() => {
      const mesh = (window.__twin!.scene as { getObjectByName(n: string): { geometry: { attributes: { position: { count: number } } } } | undefined }).getObjectByName('buildings');
      return { vertices: mesh?.geometry.attributes.position.count ?? 0, drawn: window.__twin!.instances!()['buildings'], buildings: window.__twin!.buildings };
    });
    // walls (6 vertices per outline edge) and roofs (3 per triangle, n − 2 triangles per simple outline); the metro
    // station (layer=-1) below the street, in a mesh of its own
    const expected = d.buildings.filter((b) => !b.underground).reduce((n, b) => n + 6 * b.footprint!.length + 3 * (b.footprint!.length - 2), 0);
    expect(drawn).toEqual({ vertices: expected, drawn: 233, buildings: 234 });

    // up close over the Ramada hotel (31 floors from height=92): its name, the roads' and the courtyards'
    const hotel = d.buildings.find((b) => b.name.zh === '华美达大酒店')!;
    await page.evaluate(([x, y]) => window.__twinView!.flyTo(x!, y!, 0, 220), [hotel.x, hotel.y]);
    const labels = page.getByTestId('place-labels');
    await labels.locator('span.building', { hasText: /^华美达大酒店$/ }).waitFor({ timeout: 60_000 });
    await labels.locator('span.road', { hasText: /^(珞喻路|鲁磨路|民族大道|光谷转盘|珞瑜路)$/ }).first().waitFor({ timeout: 60_000 });
    // Read in one go: the pool's spans are reused as the labels move, so a name and its kind must be read together.
    const shown = await labels.locator('span.place-label').evaluateAll((els) => els.filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => ({ kind: e.className, text: e.textContent ?? '', rect: e.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number } })));
    const courtyards = new Set(d.courtyards.map((c) => c.name.zh));
    const yardLabels = shown.filter((l) => l.kind.includes('courtyard'));
    expect(yardLabels.length).toBeGreaterThan(0);
    for (const l of yardLabels) expect(courtyards.has(l.text), l.text).toBe(true);
    // readable: no two names shown on top of each other
    const boxes = shown.map((l) => l.rect);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) {
      const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
      expect(overlap, `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false);
    }
  }, 120_000);
});
