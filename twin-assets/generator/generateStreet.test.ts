import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDistrict } from '../loadDistrict';
import { generateStreet, STREET_TARGETS } from './generateStreet';

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('full-street generator', () => {
  const raw = generateStreet(1);
  const parsed = parseDistrict(raw);
  if (!parsed.ok) throw new Error(parsed.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('\n'));
  const d = parsed.value;
  const count = (type: string) => d.devices.filter((v) => v.type === type).length;

  it('is deterministic: the same seed gives the same district, another seed another', () => {
    expect(hash(generateStreet(1))).toBe(hash(raw));
    expect(hash(generateStreet(2))).not.toBe(hash(raw));
  });

  it('matches the reported scale of the street', () => {
    expect(d.communities).toHaveLength(8);
    expect(d.courtyards.filter((c) => c.kind === 'old_courtyard')).toHaveLength(686);
    expect(count('smoke')).toBe(STREET_TARGETS.smoke);
    expect(count('gas')).toBe(300);
    expect(count('water_flow')).toBe(100);
    expect(count('hydrant')).toBe(1499);
    expect(d.hydrants).toHaveLength(1499);
    expect(d.pumpStations).toHaveLength(9);
    expect(count('elevator')).toBe(400);
    expect(d.elevators).toHaveLength(400);
    expect(count('bracelet')).toBe(235);
    expect(d.devices.length).toBeGreaterThan(9500);
    expect(d.devices.length).toBeLessThan(10500);
    const types = new Set(d.devices.map((v) => v.type));
    expect(types.size).toBe(12);
  });

  it('covers about 3 km² and keeps everything inside it', () => {
    const xs = d.streets.nodes.map((n) => n.x);
    const ys = d.streets.nodes.map((n) => n.y);
    const areaKm2 = ((Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys))) / 1e6;
    expect(areaKm2).toBeGreaterThan(2.8);
    expect(areaKm2).toBeLessThan(3.3);
    for (const v of d.devices) {
      expect(Math.abs(v.position.x)).toBeLessThanOrEqual(900);
      expect(Math.abs(v.position.y)).toBeLessThanOrEqual(900);
    }
  });

  it('puts each home detector inside its building, on its floor', () => {
    const buildings = new Map(d.buildings.map((b) => [b.id, b]));
    for (const v of d.devices.filter((x) => x.type === 'smoke')) {
      const b = buildings.get(v.buildingId!)!;
      expect(Math.abs(v.position.x - b.x)).toBeLessThanOrEqual(b.width / 2);
      expect(Math.abs(v.position.y - b.y)).toBeLessThanOrEqual(b.depth / 2);
      expect(v.position.z).toBeGreaterThan((v.floor! - 1) * b.floorHeight);
      expect(v.position.z).toBeLessThan(v.floor! * b.floorHeight);
    }
  });

  it('gives every courtyard a grid with a grid worker, and every elevator its monitor', () => {
    const grids = new Set(d.grids.map((g) => g.id));
    expect(d.courtyards.every((c) => grids.has(c.gridId))).toBe(true);
    expect(d.elevators.every((e) => e.deviceId !== null)).toBe(true);
    expect(d.cranes.length).toBeGreaterThanOrEqual(10);
    expect(d.microFireStations.filter((s) => s.hub)).toHaveLength(1);
  });
});
