import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../test/helpers/fixtures';
import { districtToGeoJson } from './geojson';

describe('GeoJSON export', () => {
  const district = bundledIndex().district;
  const fc = districtToGeoJson(district);

  it('has one feature per thing in the district', () => {
    const count = (layer: string) => fc.features.filter((f) => f.properties.layer === layer).length;
    expect(count('device')).toBe(district.devices.length);
    expect(count('building')).toBe(district.buildings.length);
    expect(count('courtyard')).toBe(district.courtyards.length);
    expect(count('street')).toBe(district.streets.edges.length);
    expect(count('crane')).toBe(district.cranes.length);
    expect(count('flood_zone')).toBe(district.floodZones.length);
    expect(count('governance_centre')).toBe(1);
  });

  it('uses [lon, lat] near the origin, with closed counter-clockwise rings', () => {
    for (const f of fc.features) {
      const g = f.geometry;
      const positions = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
      for (const [lon, lat] of positions) {
        expect(Math.abs(lon - district.origin.lon)).toBeLessThan(0.05);
        expect(Math.abs(lat - district.origin.lat)).toBeLessThan(0.05);
      }
      if (g.type === 'Polygon') {
        const ring = g.coordinates[0]!;
        expect(ring[0]).toEqual(ring.at(-1));
        const area = ring.slice(0, -1).reduce((s, p, i) => { const q = ring[i + 1]!; return s + p[0] * q[1] - q[0] * p[1]; }, 0);
        expect(area).toBeGreaterThan(0);
      }
    }
  });

  it('puts a device where the local frame says', () => {
    const gas = fc.features.find((f) => f.properties.id === 'gas-a1-301')!;
    const [lon, lat] = (gas.geometry as { coordinates: [number, number] }).coordinates;
    expect(lat).toBeGreaterThan(district.origin.lat); // 84 m north
    expect(lon).toBeLessThan(district.origin.lon); // 150 m west
  });
});
