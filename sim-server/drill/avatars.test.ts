import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { WALK_MPS } from '../core/roads';
import { AvatarWorld, distanceToFootprint, DRIVE_MPS } from './avatars';

describe('avatars: rapier character controllers on the street graph', () => {
  it('walks at walking speed and arrives where asked', async () => {
    const w = await AvatarWorld.create(bundledIndex().district);
    w.add('a', -62, 0, 'walk'); // a street crossing
    const plan = w.moveTo('a', -62, 30);
    expect(plan).toEqual({ ok: true, etaS: Math.round(30 / WALK_MPS) });
    w.step(10);
    expect(w.position('a')!.y).toBeCloseTo(10 * WALK_MPS, 1);
    w.step(30);
    expect(w.position('a')).toEqual({ x: expect.closeTo(-62, 1), y: expect.closeTo(30, 1) });
    expect(w.moving('a')).toBe(false);
    w.free();
  });

  it('never walks through a building: heading for its middle it stops at the wall', async () => {
    const d = bundledIndex().district;
    const b = d.buildings.find((x) => x.id === 'b-a1')!;
    const w = await AvatarWorld.create(d);
    w.add('a', b.x, b.y - b.depth / 2 - 10, 'walk');
    w.moveTo('a', b.x, b.y);
    w.step(60);
    const p = w.position('a')!;
    expect(distanceToFootprint(b, p.x, p.y)).toBeGreaterThan(0.2);
    expect(distanceToFootprint(b, p.x, p.y)).toBeLessThan(1);
    expect(w.moving('a')).toBe(false);
    w.free();
  });

  it('drives along the streets faster than a walker, and refuses a place outside the district', async () => {
    const w = await AvatarWorld.create(bundledIndex().district);
    w.add('car', -210, 0, 'drive');
    w.add('foot', -210, 0, 'walk');
    const car = w.moveTo('car', 210, 0), foot = w.moveTo('foot', 210, 0);
    expect(car.ok && foot.ok && car.etaS < foot.etaS / 3).toBe(true);
    w.step(20);
    expect(w.position('car')!.x - -210).toBeCloseTo(Math.min(20 * DRIVE_MPS, 420), -1);
    expect(w.moveTo('car', 5000, 0)).toEqual({ ok: false, reason: { en: '(5000, 0) is outside the district', zh: '(5000, 0) 不在本片区内' } });
    expect(w.moveTo('nobody', 0, 0).ok).toBe(false);
    w.free();
  });
});
