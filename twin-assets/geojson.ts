// The district as GeoJSON (RFC 7946) for GIS tools: [lon, lat] in WGS84, rings closed and
// counter-clockwise. Every feature carries `layer` and its id so GIS styling can tell them apart.
import type { District } from './districtSchema';
import { signedArea, toWgs84 } from './geo';

type Position = [number, number];
interface Feature { type: 'Feature'; geometry: { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | { type: 'Polygon'; coordinates: Position[][] }; properties: Record<string, unknown> }
export interface FeatureCollection { type: 'FeatureCollection'; name: string; features: Feature[] }

const round = (v: number) => Math.round(v * 1e7) / 1e7;

export function districtToGeoJson(d: District): FeatureCollection {
  const at = (x: number, y: number): Position => {
    const p = toWgs84(d.origin, x, y);
    return [round(p.lon), round(p.lat)];
  };
  const rect = (x: number, y: number, w: number, h: number): Position[][] => [[
    at(x - w / 2, y - h / 2), at(x + w / 2, y - h / 2), at(x + w / 2, y + h / 2), at(x - w / 2, y + h / 2), at(x - w / 2, y - h / 2),
  ]];
  const point = (layer: string, x: number, y: number, properties: Record<string, unknown>): Feature =>
    ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties: { layer, ...properties } });
  const nodes = new Map(d.streets.nodes.map((n) => [n.id, n]));
  const features: Feature[] = [
    ...d.courtyards.map((c): Feature => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rect(c.x, c.y, c.width, c.depth) },
      properties: { layer: 'courtyard', id: c.id, kind: c.kind, name: c.name.zh, name_en: c.name.en, community: c.communityId, grid: c.gridId } })),
    ...d.buildings.map((b): Feature => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rect(b.x, b.y, b.width, b.depth) },
      properties: { layer: 'building', id: b.id, name: b.name.zh, name_en: b.name.en, courtyard: b.courtyardId, floors: b.floors, height_m: b.floors * b.floorHeight } })),
    ...d.streets.edges.map((e): Feature => ({ type: 'Feature',
      geometry: { type: 'LineString', coordinates: [e.from, e.to].map((id) => at(nodes.get(id)!.x, nodes.get(id)!.y)) },
      properties: { layer: 'street', id: e.id, name: e.name?.zh ?? null, width_m: e.widthM, speed_kph: e.speedKph } })),
    ...d.floodZones.map((f): Feature => {
      const ring = f.polygon.map((p) => at(p.x, p.y));
      // Exterior rings run counter-clockwise (RFC 7946 §3.1.6): reverse a clockwise one.
      if (signedArea(f.polygon) < 0) ring.reverse();
      return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
        properties: { layer: 'flood_zone', id: f.id, name: f.name.zh, ground_level_m: f.groundLevelM, gauge: f.gaugeDeviceId } };
    }),
    ...d.devices.map((v) => point('device', v.position.x, v.position.y, { id: v.id, type: v.type, courtyard: v.courtyardId, building: v.buildingId, floor: v.floor, z_m: v.position.z })),
    ...d.elevators.map((e) => point('elevator', e.x, e.y, { id: e.id, building: e.buildingId, device: e.deviceId })),
    ...d.cranes.map((c) => point('crane', c.x, c.y, { id: c.id, height_m: c.heightM, jib_m: c.jibLengthM, rated_load_kg: c.ratedLoadKg, device: c.deviceId })),
    ...d.hydrants.map((h) => point('hydrant', h.x, h.y, { id: h.id, device: h.deviceId })),
    ...d.manholes.map((m) => point('manhole', m.x, m.y, { id: m.id, device: m.deviceId })),
    ...d.pumpStations.map((p) => point('pump_station', p.x, p.y, { id: p.id, name: p.name.zh, capacity_lps: p.capacityLps })),
    ...d.microFireStations.map((s) => point('micro_fire_station', s.x, s.y, { id: s.id, name: s.name.zh, crew: s.crew, hub: s.hub })),
    ...d.capsuleStations.map((s) => point('capsule_station', s.x, s.y, { id: s.id, name: s.name.zh, aed: s.aed })),
    ...d.emergencyStations.map((s) => point('emergency_station', s.x, s.y, { id: s.id, name: s.name.zh })),
    ...(d.governanceCentre ? [point('governance_centre', d.governanceCentre.x, d.governanceCentre.y, { id: d.governanceCentre.id, name: d.governanceCentre.name.zh })] : []),
  ];
  return { type: 'FeatureCollection', name: d.id, features };
}
