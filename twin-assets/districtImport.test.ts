import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from './deviceCatalog';
import { DEFAULT_FLOORS, importDistrict, placeDevices } from './districtImport';
import { District } from './districtSchema';
import { haversineM } from './geo';

// A small neighbourhood in the shape of an Overpass export (made up here, near Chengdu). The real OSM
// neighbourhood (Guanggu, Wuhan) is imported in test/integration/district-import.test.ts.
const O = { lat: 30.66, lon: 104.06 };
const m = (dx: number, dy: number): [number, number] => [O.lon + dx / (111_320 * Math.cos((O.lat * Math.PI) / 180)), O.lat + dy / 110_574];
const square = (cx: number, cy: number, w: number, d: number) => [[m(cx - w / 2, cy - d / 2), m(cx + w / 2, cy - d / 2), m(cx + w / 2, cy + d / 2), m(cx - w / 2, cy + d / 2), m(cx - w / 2, cy - d / 2)]];
const fc = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { building: 'residential', name: '金河社区3号楼', 'building:levels': '6' }, geometry: { type: 'Polygon', coordinates: square(0, 30, 40, 12) } },
    { type: 'Feature', properties: { building: 'yes', height: '24.5', 'roof:shape': 'hipped', 'roof:height': '4' }, geometry: { type: 'Polygon', coordinates: square(60, 30, 20, 20) } },
    { type: 'Feature', properties: { building: 'yes', name: '自相交' }, geometry: { type: 'Polygon', coordinates: [[m(0, 0), m(10, 10), m(10, 0), m(0, 10), m(0, 0)]] } },
    { type: 'Feature', properties: { building: 'school' }, geometry: { type: 'MultiPolygon', coordinates: [square(-60, 30, 10, 10), square(-90, 30, 30, 20)] } },
    { type: 'Feature', properties: { highway: 'primary', name: '锦河路', 'name:en': 'Jinhe Road' }, geometry: { type: 'LineString', coordinates: [m(-120, 0), m(0, 0), m(120, 0)] } },
    { type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: [m(0, 0), m(0, 60)] } },
    { type: 'Feature', properties: { landuse: 'residential', name: '纺织厂老院落' }, geometry: { type: 'Polygon', coordinates: square(20, 30, 100, 50) } },
    { type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'Point', coordinates: m(0, 0) } },
    { type: 'Feature', properties: { boundary: 'administrative', admin_level: '10', name: '金河社区' }, geometry: { type: 'Polygon', coordinates: square(0, 20, 300, 120) } },
  ],
};

describe('importing an OSM-style neighbourhood', () => {
  const r = importDistrict(fc, { id: 'test-import', origin: O, name: { zh: '锦河街道', en: 'Jinhe Street' } });

  it('makes a district the twin loads, with real outlines in metres, names byte for byte, and floors from levels or height', () => {
    const d = District.parse(r.district);
    const b3 = d.buildings.find((b) => b.name.zh === '金河社区3号楼')!;
    expect(b3.floors).toBe(6);
    expect(b3.width).toBeCloseTo(40, 0);
    expect(b3.depth).toBeCloseTo(12, 0);
    expect(b3.footprint).toHaveLength(4);
    expect(b3.footprint!.every((p) => Math.abs(Math.abs(p.x) - 20) < 0.2 || Math.abs(Math.abs(p.y - 30) - 6) < 0.2)).toBe(true);
    expect(d.buildings.find((b) => b.x > 50)).toMatchObject({ floors: 8, roof: 'hipped', roofHeightM: 4 }); // 24.5 m / 3 m
    expect(b3.roof).toBe('flat');
    expect(r.summary).toMatchObject({ buildings: 3, fromHeight: 1, defaultFloors: 1, skipped: 2 });
    // a MultiPolygon keeps its largest part
    const school = d.buildings.find((b) => b.x < -50)!;
    expect(school.width).toBeCloseTo(30, 0);
    expect(school.floors).toBe(DEFAULT_FLOORS);
    expect([b3.use, school.use, d.buildings.find((b) => b.x > 50)!.use]).toEqual(['residential', 'school', 'other']);
    // buildings in the courtyard that holds them; the rest grouped with their neighbours
    const yard = d.courtyards.find((c) => c.name.zh === '纺织厂老院落')!;
    expect(d.buildings.filter((b) => b.courtyardId === yard.id).map((b) => b.name.zh).sort()).toEqual(['建筑2', '金河社区3号楼']);
    expect(yard.outline).toHaveLength(4); // its real boundary, drawn as such
    expect(d.courtyards.find((c) => c.id === school.courtyardId)).toMatchObject({ name: { zh: '金河社区院落2' }, outline: expect.any(Array) });
    // the community from its boundary, holding every courtyard
    expect(d.communities).toEqual([expect.objectContaining({ name: { zh: '金河社区', en: '金河社区' }, outline: expect.any(Array) })]);
    expect(d.communities[0]!.outline).toHaveLength(4);
  });

  it('groups buildings in no mapped courtyard with their neighbours, named after the largest named one; underground ones are kept below the street, numbered apart', () => {
    const b = (cx: number, w: number, name?: string, more: Record<string, string> = {}) => ({ type: 'Feature', properties: { building: 'yes', ...(name ? { name } : {}), ...more }, geometry: { type: 'Polygon', coordinates: square(cx, 0, w, 10) } });
    // 0–10, 25–45 and 60–66 are each within 20 m of the next; 100–110 is 34 m from them
    const g = importDistrict({ type: 'FeatureCollection', features: [b(5, 10, '小楼'), b(35, 20, '大楼'), b(63, 6), b(30, 50, '地铁站', { layer: '-1', 'building:levels:underground': '2' }), b(105, 10)] }, { id: 'g', origin: O });
    const d = District.parse(g.district);
    expect(d.buildings.filter((x) => !x.underground).map((x) => [x.id, x.name.zh])).toEqual([['b1', '小楼'], ['b2', '大楼'], ['b3', '建筑3'], ['b4', '建筑4']]);
    expect(d.buildings.find((x) => x.underground)).toMatchObject({ id: 'u1', name: { zh: '地铁站' }, floors: 2 });
    expect(g.summary).toMatchObject({ underground: 1, groupedCourtyards: 2 });
    const yardOf = (name: string) => d.courtyards.find((c) => c.id === d.buildings.find((x) => x.name.zh === name)!.courtyardId)!.name.zh;
    expect(['小楼', '大楼', '建筑3', '建筑4'].map(yardOf)).toEqual(['大楼一带', '大楼一带', '大楼一带', 'g院落2']);
    // An underground car park mapped as parking, not as a building: kept, named as a place below the street.
    const car = importDistrict({ type: 'FeatureCollection', features: [b(5, 10, '小楼'), { type: 'Feature', properties: { amenity: 'parking', parking: 'underground' }, geometry: { type: 'Polygon', coordinates: square(40, 0, 30, 20) } }] }, { id: 'p', origin: O });
    expect(District.parse(car.district).buildings.find((x) => x.underground)).toMatchObject({ id: 'u1', use: 'parking', floors: 1, name: { zh: '地下空间1', en: 'Underground space 1' } });
    // the group's outline is the hull of its buildings
    const yard = d.courtyards.find((c) => c.name.zh === '大楼一带')!;
    expect(Math.min(...yard.outline!.map((p) => p.x))).toBeCloseTo(0, 0);
    expect(Math.max(...yard.outline!.map((p) => p.x))).toBeCloseTo(66, 0);
  });

  it('names each feature it cannot use by its index', () => {
    expect(r.problems).toEqual(['feature 2: building "自相交" crosses itself', 'feature 7: road is not a LineString of [lon, lat] positions']);
  });

  it('joins roads where they share a node, into a street graph with names and widths by class', () => {
    const d = District.parse(r.district);
    expect(d.streets.edges).toHaveLength(3);
    const junction = d.streets.nodes.find((n) => Math.hypot(n.x, n.y) < 0.5)!;
    expect(d.streets.edges.filter((e) => e.from === junction.id || e.to === junction.id)).toHaveLength(3);
    expect(d.streets.edges.filter((e) => e.name?.zh === '锦河路').every((e) => e.widthM === 20 && e.name!.en === 'Jinhe Road')).toBe(true);
    expect(d.streets.edges.find((e) => !e.name)!.widthM).toBe(8);
    // metres about the origin: 120 m east is 120 m away on the globe too
    const east = d.streets.nodes.find((n) => n.x > 100)!;
    expect(haversineM(O, { lat: O.lat + east.y / 110_574, lon: O.lon + east.x / (111_320 * Math.cos((O.lat * Math.PI) / 180)) })).toBeCloseTo(120, 0);
  });

  it('places a device register by building name or lon/lat, naming each row it cannot place', () => {
    const rows: { line: number; cells: Record<string, string> }[] = [
      { line: 2, cells: { id: 'gas-3-301', type: 'gas', building: '金河社区3号楼', floor: '3' } },
      { line: 3, cells: { id: 'lvl-1', type: 'water_level', lon: String(m(10, -5)[0]), lat: String(m(10, -5)[1]) } },
      { line: 4, cells: { id: 'x-1', type: 'toaster', building: '金河社区3号楼' } },
      { line: 5, cells: { id: 'gas-9', type: 'gas', building: '不存在的楼' } },
      { line: 6, cells: { id: 'gas-3-302', type: 'gas', building: '金河社区3号楼', household: 'hh-3-302' } },
      { line: 7, cells: { id: 'gas-3-301', type: 'gas', building: 'b1' } },
    ];
    const placed = placeDevices(r.district, rows, 'reg.csv', DEVICE_TYPES, O);
    expect(placed.devices.map((x) => x.id)).toEqual(['gas-3-301', 'lvl-1']);
    expect(placed.devices[0]).toMatchObject({ buildingId: 'b1', floor: 3 });
    expect(placed.devices[1]!.position.x).toBeCloseTo(10, 0);
    expect(placed.problems).toEqual([
      expect.stringMatching(/^reg\.csv:4: device "x-1": unknown type "toaster"/),
      'reg.csv:5: device "gas-9": unknown building "不存在的楼"',
      'reg.csv:6: device "gas-3-302": unknown household "hh-3-302" (the district has none yet)',
      'reg.csv:7: device "gas-3-301" is listed twice',
    ]);
  });

  it('takes a device\'s source, its identity there and its model from the register (CONTRACT "Device sources")', () => {
    const rows: { line: number; cells: Record<string, string> }[] = [
      { line: 2, cells: { id: 'gas-lora', type: 'gas', building: 'b1', source: 'chirpstack', externalId: 'A8-40-41-00-00-00-01-02', model: 'twin-gas-v1' } },
      { line: 3, cells: { id: 'smoke-nb', type: 'smoke', building: 'b1', source: 'onenet', externalId: '868120301234567', model: 'twin-smoke-v1' } },
      { line: 4, cells: { id: 'gas-plain', type: 'gas', building: 'b1' } },
      { line: 5, cells: { id: 'gas-x', type: 'gas', building: 'b1', source: 'lorawan', externalId: '1' } },
      { line: 6, cells: { id: 'gas-y', type: 'gas', building: 'b1', source: 'ctwing' } },
      { line: 7, cells: { id: 'gas-z', type: 'gas', building: 'b1', source: 'chirpstack', externalId: '12345' } },
      { line: 8, cells: { id: 'gas-w', type: 'gas', building: 'b1', model: 'Acme Gas!' } },
    ];
    const placed = placeDevices(r.district, rows, 'reg.csv', DEVICE_TYPES, O);
    expect(placed.devices.map(({ id, source, externalId, model }) => ({ id, source, externalId, model }))).toEqual([
      { id: 'gas-lora', source: 'chirpstack', externalId: 'a840410000000102', model: 'twin-gas-v1' },
      { id: 'smoke-nb', source: 'onenet', externalId: '868120301234567', model: 'twin-smoke-v1' },
      { id: 'gas-plain', source: 'native', externalId: null, model: null },
    ]);
    expect(placed.problems).toEqual([
      'reg.csv:5: device "gas-x": unknown source "lorawan" (one of native, chirpstack, onenet, ctwing, webhook)',
      'reg.csv:6: device "gas-y": a device from ctwing needs its externalId (its DevEUI, IMEI or platform id)',
      'reg.csv:7: device "gas-z": "12345" is not a DevEUI (16 hex digits)',
      'reg.csv:8: device "gas-w": model "Acme Gas!" is not a model id (lower-case letters, digits, ".", "_", "-")',
    ]);
    // The district refuses two devices with one identity at the same source.
    const twice = District.safeParse({ ...r.district, devices: [...placed.devices, { ...placed.devices[0]!, id: 'gas-lora-2' }] });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((i) => i.message)).toContain('chirpstack identity "a840410000000102" is also device "gas-lora"');
  });
});
