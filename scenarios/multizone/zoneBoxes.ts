// Where a building's zones are, to draw them (the scene shows each zone's smoke or gas): boxes in the district's
// frame, laid out on the building's bounding box. The long side is cut into the stair units; in each unit the
// landing is a band across the middle with the riser at its back, the flats on either side of it (doors 1, 3, …
// on one side, 2, 4, … on the other), a flat's kitchen the quarter of it by the façade. Each box stands on its
// zone's floor and is as high as the storey. An approximation of a plan no district file gives.
import type { BuildingDef } from '../../twin-assets/districtSchema';
import type { BuildingZones } from './buildingZones';

export interface ZoneBox { x: number; y: number; z: number; w: number; d: number; h: number }

const LANDING_W = 3, RISER_W = 0.6;

export function zoneBoxes(b: Pick<BuildingDef, 'x' | 'y' | 'width' | 'depth' | 'floorHeight' | 'units'>, bz: BuildingZones): ZoneBox[] {
  const x0 = b.x - b.width / 2, y0 = b.y - b.depth / 2;
  const alongX = b.width >= b.depth;
  const long = alongX ? b.width : b.depth, short = alongX ? b.depth : b.width;
  const unitLen = long / b.units;
  // A box from a position along the long side (a, its length la) and across it (c, its width lc), in metres.
  const box = (a: number, la: number, c: number, lc: number, z: number): ZoneBox => {
    const [cx, cy] = alongX ? [x0 + a + la / 2, y0 + c + lc / 2] : [x0 + c + lc / 2, y0 + a + la / 2];
    return { x: cx, y: cy, z, w: alongX ? la : lc, d: alongX ? lc : la, h: b.floorHeight };
  };
  const doors = Math.max(1, ...bz.zones.filter((z) => z.kind === 'flat').map((z) => Number(z.flat!.slice(-2))));
  const perSide = Math.ceil(doors / 2);
  const side = (unitLen - LANDING_W) / 2;
  return bz.zones.map((z) => {
    const base = (z.floor - 1) * b.floorHeight;
    const start = (z.unit - 1) * unitLen;
    if (z.kind === 'landing') return box(start + side, LANDING_W, 0, short - RISER_W, base);
    if (z.kind === 'riser') return box(start + side, LANDING_W, short - RISER_W, RISER_W, base);
    const door = Number(z.flat!.slice(-2));
    const left = door % 2 === 1, k = Math.floor((door - 1) / 2);
    const across = short / (left ? perSide : Math.max(1, Math.floor(doors / 2)));
    const a = left ? start : start + side + LANDING_W;
    if (z.kind === 'kitchen') return box(a, side, k * across, across / 4, base);
    return box(a, side, k * across, across, base);
  });
}
