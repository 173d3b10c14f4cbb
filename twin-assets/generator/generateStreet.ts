// A full street at the reported scale (DOMAIN.md): about 3 km², 8 communities, 686 old courtyards,
// ~6,000 smoke and 300 gas detectors in vulnerable homes, 100 water-flow sensors, 1,499 hydrants,
// 9 pump stations, ~400 elevators and the other device types: about 10,000 devices.
// Pure and seeded: the same seed gives the same district, byte for byte.
import { boxCorners, type DistrictInput } from '../districtSchema';
import { TASK_LABELS } from '../labels';
import { seededRng, type Rng } from '../random';
import { COMMUNITY_NAMES, COURTYARD_PREFIXES, mobile, personName, pick, relation } from './names';

export const STREET_TARGETS = {
  communities: 8, oldCourtyards: 686, smoke: 6035, gas: 300, waterFlow: 100, hydrants: 1499, pumpStations: 9,
  elevators: 400, manholes: 600, electrical: 300, chargingPiles: 300, thermalCameras: 100, bracelets: 235, floodGauges: 30,
};

const COLS = 7;           // courtyard columns per community
const ROWS = 14;          // courtyard rows per community
const CELL_W = 435 / COLS;
const CELL_D = 870 / ROWS;
const HALF = 870;         // the street spans -870…870 m each way: 1.74 km × 1.74 km ≈ 3 km²

/** Laid out as boxes (the courtyard grid is rectilinear); written out as footprints. */
type BoxBuilding = DistrictInput['buildings'][number] & { x: number; y: number; width: number; depth: number };
type D = Omit<DistrictInput, 'buildings'> & { buildings: BoxBuilding[] };
type Dev = D['devices'][number];

const r1 = (v: number) => Math.round(v * 10) / 10;

export function generateStreet(seed: number): DistrictInput {
  const rng = seededRng(seed);
  const d: D = {
    id: 'street', name: { zh: '锦城街道（全街道）', en: 'Jincheng Street (full street)' },
    origin: { lat: 30.6517, lon: 104.0741 }, utcOffsetMinutes: 480,
    communities: [], grids: [], courtyards: [], buildings: [], households: [], elevators: [], cranes: [],
    streets: { nodes: [], edges: [] }, manholes: [], hydrants: [], pumpStations: [], floodZones: [],
    microFireStations: [], capsuleStations: [], emergencyStations: [], governanceCentre: null, devices: [],
  };
  const devices: Dev[] = d.devices;
  const streetLength = buildStreets(d);
  const oldYards = layoutCommunities(d, rng);
  fillOldCourtyards(d, oldYards, rng);
  placeAlongStreets(d, streetLength);
  placeFloodZones(d, rng);
  fillCounts(devices, d, rng);
  return { ...d, buildings: d.buildings.map(({ x, y, width, depth, ...b }) => ({ ...b, footprint: boxCorners(x, y, width, depth).map((p) => ({ x: r1(p.x), y: r1(p.y) })) })) };
}

/** A lattice of roads: main roads on community boundaries, lanes between courtyards. */
function buildStreets(d: D): number {
  const xs = Array.from({ length: 4 * COLS + 1 }, (_, i) => -HALF + i * CELL_W);
  const ys = Array.from({ length: 2 * ROWS + 1 }, (_, j) => -HALF + j * CELL_D);
  const node = (i: number, j: number) => `n-${i}-${j}`;
  xs.forEach((x, i) => ys.forEach((y, j) => d.streets!.nodes.push({ id: node(i, j), x: r1(x), y: r1(y) })));
  let length = 0;
  const edge = (i: number, j: number, i2: number, j2: number, main: boolean) => {
    d.streets!.edges.push({ id: `e-${i}-${j}-${i2}-${j2}`, from: node(i, j), to: node(i2, j2), widthM: main ? 24 : 6, speedKph: main ? 40 : 15 });
    length += Math.hypot(xs[i2]! - xs[i]!, ys[j2]! - ys[j]!);
  };
  xs.forEach((_, i) => ys.forEach((_, j) => {
    if (i + 1 < xs.length) edge(i, j, i + 1, j, j % ROWS === 0);
    if (j + 1 < ys.length) edge(i, j, i, j + 1, i % COLS === 0);
  }));
  return length;
}

interface Yard { id: string; x: number; y: number; w: number; h: number; community: number }

function layoutCommunities(d: D, rng: Rng): Yard[] {
  const oldYards: Yard[] = [];
  let yardNo = 0;
  let estates = 0;
  for (let c = 0; c < STREET_TARGETS.communities; c++) {
    const [zh, en] = COMMUNITY_NAMES[c]!;
    const communityId = `c${c + 1}`;
    d.communities.push({ id: communityId, name: { zh: `${zh}社区`, en: `${en} Community` } });
    const col0 = (c % 4) * COLS;
    const row0 = Math.floor(c / 4) * ROWS;
    const oldHere = c < 6 ? 86 : 85;  // 6 × 86 + 2 × 85 = 686
    const estatesHere = c < 2 ? 7 : 6; // 50 estates × 4 towers × 2 elevators = 400
    const sitesHere = c < 4 ? 2 : 1;   // 12 construction sites, one tower crane each
    const kinds: string[] = ['station', ...Array(estatesHere).fill('estate'), ...Array(sitesHere).fill('construction_site'), ...Array(oldHere).fill('old_courtyard')];
    // Grids of about seven courtyards, each with its grid worker.
    let gridNo = 0;
    let inGrid = 7;
    let gridId = '';
    for (let k = 0; k < COLS * ROWS && k < kinds.length; k++) {
      const i = col0 + (k % COLS);
      const j = row0 + Math.floor(k / COLS);
      const x = r1(-HALF + (i + 0.5) * CELL_W);
      const y = r1(-HALF + (j + 0.5) * CELL_D);
      const w = r1(CELL_W - (i % COLS === 0 ? 18 : 9));
      const h = r1(CELL_D - (j % ROWS === 0 ? 18 : 9));
      if (inGrid === 7) {
        gridNo++; inGrid = 0;
        gridId = `${communityId}-g${gridNo}`;
        d.grids.push({ id: gridId, communityId, name: { zh: `${zh}社区第${gridNo}网格`, en: `${en} grid ${gridNo}` }, worker: { name: personName(rng), phone: mobile(rng) } });
      }
      inGrid++;
      const kind = kinds[k]!;
      const id = `cy-${c + 1}-${String(k + 1).padStart(2, '0')}`;
      const [pz, pe] = pick(rng, COURTYARD_PREFIXES);
      const name = kind === 'old_courtyard' ? { zh: `${pz}${++yardNo}号院`, en: `${pe} courtyard ${yardNo}` }
        : kind === 'estate' ? { zh: `${zh}安置小区${++estates}期`, en: `${en} resettlement estate ${estates}` }
        : kind === 'construction_site' ? { zh: `${zh}在建工地${k}`, en: `${en} construction site ${k}` }
        : { zh: `${zh}社区应急服务站`, en: `${en} community emergency station` };
      d.courtyards.push({ id, communityId, gridId, kind: kind as 'old_courtyard', name, x, y, width: w, depth: h,
        guardRoomPhone: kind === 'old_courtyard' && rng() < 0.4 ? null : mobile(rng) });
      const yard: Yard = { id, x, y, w, h, community: c };
      if (kind === 'old_courtyard') oldYards.push(yard);
      else if (kind === 'estate') buildEstate(d, yard, rng);
      else if (kind === 'construction_site') buildSite(d, yard, rng);
      else buildStation(d, yard, communityId, zh, en, c === 0);
    }
  }
  return oldYards;
}

function buildEstate(d: D, yard: Yard, rng: Rng) {
  const tw = Math.min(18, yard.w / 2 - 4);
  for (let t = 0; t < 4; t++) {
    const bx = r1(yard.x + (t % 2 ? 1 : -1) * yard.w / 4);
    const by = r1(yard.y + (t < 2 ? 1 : -1) * yard.h / 4);
    const floors = 18 + Math.floor(rng() * 15);
    const bid = `${yard.id}-t${t + 1}`;
    d.buildings.push({ id: bid, courtyardId: yard.id, name: { zh: `${t + 1}号楼`, en: `Tower ${t + 1}` }, x: bx, y: by, width: tw, depth: tw, floors, units: 1,
      head: { name: personName(rng), phone: mobile(rng) } });
    for (let e = 0; e < 2; e++) {
      const devId = `elv-${bid}-${e + 1}`;
      const ex = r1(bx + (e ? 2 : -2));
      d.devices.push({ id: devId, type: 'elevator', courtyardId: yard.id, buildingId: bid, floor: 1, position: { x: ex, y: by, z: 1 } });
      d.elevators!.push({ id: `el-${bid}-${e + 1}`, buildingId: bid, deviceId: devId, x: ex, y: by, floorsServed: { from: 1, to: floors } });
    }
  }
}

function buildSite(d: D, yard: Yard, rng: Rng) {
  const bid = `${yard.id}-b1`;
  d.buildings.push({ id: bid, courtyardId: yard.id, name: { zh: '在建楼', en: 'Building under construction' }, x: yard.x, y: r1(yard.y - 5), width: r1(yard.w * 0.5), depth: 16, floors: 4 + Math.floor(rng() * 9) });
  const devId = `crane-${yard.id}`;
  const cx = r1(yard.x + yard.w / 2 - 6);
  const cy = r1(yard.y + yard.h / 2 - 6);
  const height = 40 + Math.floor(rng() * 20);
  d.devices.push({ id: devId, type: 'crane', courtyardId: yard.id, position: { x: cx, y: cy, z: height } });
  d.cranes!.push({ id: `tc-${yard.id}`, courtyardId: yard.id, deviceId: devId, x: cx, y: cy, heightM: height, jibLengthM: 50, ratedLoadKg: 6000,
    loadMomentCurve: [{ radiusM: 13, maxLoadKg: 6000 }, { radiusM: 20, maxLoadKg: 3900 }, { radiusM: 30, maxLoadKg: 2600 }, { radiusM: 40, maxLoadKg: 1950 }, { radiusM: 50, maxLoadKg: 1500 }] });
  d.devices.push({ id: `cam-${yard.id}`, type: 'thermal_camera', courtyardId: yard.id, position: { x: r1(yard.x - yard.w / 2 + 3), y: r1(yard.y + yard.h / 2 - 3), z: 6 } });
}

function buildStation(d: D, yard: Yard, communityId: string, zh: string, en: string, withCentre: boolean) {
  d.buildings.push({ id: `${yard.id}-fs`, courtyardId: yard.id, name: TASK_LABELS.micro_fire_station!, x: r1(yard.x - yard.w / 4), y: yard.y, width: 18, depth: 14, floors: 2, floorHeight: 4 });
  d.buildings.push({ id: `${yard.id}-es`, courtyardId: yard.id, name: { zh: '应急服务站', en: 'Emergency station' }, x: r1(yard.x + yard.w / 4), y: yard.y, width: 18, depth: 14, floors: withCentre ? 4 : 2 });
  d.microFireStations!.push({ id: `mfs-${communityId}`, name: { zh: `${zh}微型消防站`, en: `${en} micro fire station` }, x: r1(yard.x - yard.w / 4), y: yard.y, crew: 9,
    vehicles: [{ kind: 'fire_motorbike', count: 2 }, { kind: 'water_tender', count: 1 }, { kind: 'pump', count: 2 }, { kind: 'rescue_boat', count: 1 }], hub: withCentre });
  d.emergencyStations!.push({ id: `es-${communityId}`, communityId, name: { zh: `${zh}社区应急服务站`, en: `${en} community emergency station` }, x: r1(yard.x + yard.w / 4), y: yard.y,
    facilities: ['duty_room', 'supply_store', 'training_room', 'evacuation_area', 'vehicle_parking'] });
  if (withCentre) d.governanceCentre = { id: 'gc-street', name: { zh: '锦城街道智慧治理中心', en: 'Jincheng street governance centre' }, x: r1(yard.x + yard.w / 4), y: yard.y, phone: '+86 28 8000 0000' };
}

/** Old walk-ups and the vulnerable households the programme equips. */
function fillOldCourtyards(d: D, yards: Yard[], rng: Rng) {
  // Spread the smoke detectors over the courtyards; 300 of those homes (elderly living alone) also get gas.
  const perYard = yards.map((_, i) => Math.floor(((i + 1) * STREET_TARGETS.smoke) / yards.length) - Math.floor((i * STREET_TARGETS.smoke) / yards.length));
  let gasLeft = STREET_TARGETS.gas;
  let eligibleForGas = 0;
  let braceletsLeft = STREET_TARGETS.bracelets;
  let electricalLeft = STREET_TARGETS.electrical;
  let pilesLeft = STREET_TARGETS.chargingPiles;
  yards.forEach((yard, yi) => {
    const bars = 2 + Math.floor(rng() * 2);
    const buildings = Array.from({ length: bars }, (_, b) => {
      const bid = `${yard.id}-b${b + 1}`;
      const floors = 6 + Math.floor(rng() * 2);
      const depth = 11;
      const by = r1(yard.y - yard.h / 2 + 8 + (b + 0.5) * ((yard.h - 16) / bars));
      // Every third courtyard's blocks have had their flat roofs pitched (平改坡).
      const bld = { id: bid, courtyardId: yard.id, name: { zh: `${b + 1}栋`, en: `Block ${b + 1}` }, x: yard.x, y: by, width: r1(yard.w - 12), depth, floors, units: 2, head: { name: personName(rng), phone: mobile(rng) },
        use: 'residential' as const, roof: yi % 3 === 0 ? 'gabled' as const : 'flat' as const };
      d.buildings.push(bld);
      return bld;
    });
    for (let n = 0; n < perYard[yi]!; n++) {
      const b = buildings[n % buildings.length]!;
      const floor = 1 + Math.floor(rng() * b.floors);
      const unit = 1 + Math.floor(rng() * 2);
      const door = 1 + (n % 4);
      const hhId = `hh-${b.id}-${unit}${floor}0${door}-${n}`;
      const alone = rng() < 0.45;
      const elderly = rng() < 0.85;
      const residents = [{ name: personName(rng), age: elderly ? 70 + Math.floor(rng() * 26) : 40 + Math.floor(rng() * 30), livingAlone: alone, disabled: rng() < 0.12, lowIncome: rng() < 0.2 }];
      if (!alone) residents.push({ name: personName(rng), age: 65 + Math.floor(rng() * 25), livingAlone: false, disabled: false, lowIncome: residents[0]!.lowIncome });
      d.households!.push({ id: hhId, buildingId: b.id, floor, unit: `${unit}-${floor}0${door}`, residents,
        contacts: [{ name: personName(rng), relation: relation(rng), phone: mobile(rng), channels: ['voice', 'sms', 'wechat'] }] });
      const x = r1(b.x - b.width / 2 + ((unit - 0.5) / 2) * b.width + (door - 2.5) * 2);
      const y = r1(b.y + (door % 2 ? 2 : -2));
      const z = r1((floor - 1) * 3 + 2.8);
      const base = { courtyardId: yard.id, buildingId: b.id, householdId: hhId, floor };
      d.devices.push({ id: `smk-${hhId}`, type: 'smoke', ...base, room: 'living room', position: { x, y, z } });
      // Every 7th home of an elderly person living alone, until the 300 detectors are placed.
      if (gasLeft > 0 && alone && elderly && eligibleForGas++ % 7 === 0) {
        gasLeft--;
        d.devices.push({ id: `gas-${hhId}`, type: 'gas', ...base, room: 'kitchen', position: { x: r1(x + 1.5), y, z: r1(z - 0.3) } });
      }
      if (braceletsLeft > 0 && yard.community === 0 && elderly) {
        braceletsLeft--;
        d.devices.push({ id: `brc-${hhId}`, type: 'bracelet', ...base, position: { x, y: r1(y + 1), z: r1(z - 1.8) } });
      }
    }
    if (electricalLeft > 0 && rng() < 0.5) {
      electricalLeft--;
      const b = buildings[0]!;
      d.devices.push({ id: `elec-${yard.id}`, type: 'electrical', courtyardId: yard.id, buildingId: b.id, floor: 1, room: 'shop', position: { x: r1(b.x + b.width / 2 - 3), y: b.y, z: 2.5 } });
    }
    if (pilesLeft > 0 && rng() < 0.5) {
      pilesLeft--;
      d.devices.push({ id: `pile-${yard.id}`, type: 'charging_pile', courtyardId: yard.id, position: { x: r1(yard.x - yard.w / 2 + 3), y: yard.y, z: 1 } });
    }
  });
}

/** Hydrants and manholes at even spacing along every street edge, to the reported counts. */
function placeAlongStreets(d: D, totalLength: number) {
  const nodes = new Map(d.streets!.nodes.map((n) => [n.id, n]));
  const place = (count: number, side: number, make: (k: number, x: number, y: number) => void) => {
    const spacing = totalLength / count;
    let carry = spacing / 2;
    let k = 0;
    for (const e of d.streets!.edges) {
      const a = nodes.get(e.from)!;
      const b = nodes.get(e.to)!;
      const len = Math.hypot(b.x - a.x, b.y - a.y);
      const [ux, uy] = [(b.x - a.x) / len, (b.y - a.y) / len];
      for (let t = carry; t < len && k < count; t += spacing, k++) {
        const off = (e.widthM / 2 + 1) * side;
        make(k, r1(a.x + ux * t - uy * off), r1(a.y + uy * t + ux * off));
      }
      carry = (carry - len) % spacing;
      if (carry < 0) carry += spacing;
    }
  };
  place(STREET_TARGETS.hydrants, 1, (k, x, y) => {
    const devId = `hyd-${k + 1}`;
    d.devices.push({ id: devId, type: 'hydrant', position: { x, y, z: 0.5 } });
    d.hydrants!.push({ id: `hy-${k + 1}`, x, y, deviceId: devId });
  });
  place(STREET_TARGETS.manholes, -1, (k, x, y) => {
    const devId = `mh-${k + 1}`;
    d.devices.push({ id: devId, type: 'manhole', position: { x, y, z: 0 } });
    d.manholes!.push({ id: `mh-a-${k + 1}`, x, y, deviceId: devId });
  });
}

/** Low-lying spots: 9 underpasses with pump stations, and low ground floors, each with a gauge. */
function placeFloodZones(d: D, rng: Rng) {
  const mains = d.streets!.edges.filter((e) => e.widthM > 20);
  const nodes = new Map(d.streets!.nodes.map((n) => [n.id, n]));
  for (let z = 0; z < STREET_TARGETS.floodGauges; z++) {
    const e = mains[Math.floor(((z + 0.5) / STREET_TARGETS.floodGauges) * mains.length)]!;
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    const [x, y] = [r1((a.x + b.x) / 2), r1((a.y + b.y) / 2)];
    const underpass = z < STREET_TARGETS.pumpStations;
    const gauge = `lvl-${z + 1}`;
    d.devices.push({ id: gauge, type: 'water_level', position: { x, y, z: underpass ? -3 : 0 } });
    const half = underpass ? 20 : 12;
    d.floodZones!.push({ id: `fz-${z + 1}`, name: underpass ? { zh: `下穿隧道${z + 1}`, en: `Underpass ${z + 1}` } : { zh: `低洼地段${z + 1}`, en: `Low ground ${z + 1}` },
      polygon: [{ x: x - half, y: y - half }, { x: x + half, y: y - half }, { x: x + half, y: y + half }, { x: x - half, y: y + half }],
      groundLevelM: underpass ? -3 : -0.5 - r1(rng() * 0.5), drainageMmPerH: underpass ? 50 : 30, gaugeDeviceId: gauge });
    if (underpass) d.pumpStations!.push({ id: `ps-${z + 1}`, name: { zh: `下穿隧道${z + 1}泵站`, en: `Underpass ${z + 1} pump station` }, x: r1(x + half + 6), y, capacityLps: 400 + Math.floor(rng() * 300) });
  }
}

/** The rest, to the reported counts: water-flow sensors in towers, cameras, capsule stations. */
function fillCounts(devices: Dev[], d: D, rng: Rng) {
  const towers = d.buildings.filter((b) => b.id.includes('-t'));
  for (let k = 0; k < STREET_TARGETS.waterFlow; k++) {
    const t = towers[k % towers.length]!;
    devices.push({ id: `flow-${t.id}-${Math.floor(k / towers.length) + 1}`, type: 'water_flow', courtyardId: t.courtyardId, buildingId: t.id, floor: 1, room: 'pump room', position: { x: t.x, y: r1(t.y - 3), z: 0.5 } });
  }
  const cameras = STREET_TARGETS.thermalCameras - devices.filter((v) => v.type === 'thermal_camera').length;
  const yards = d.courtyards.filter((c) => c.kind === 'old_courtyard');
  for (let k = 0; k < cameras; k++) {
    const c = yards[Math.floor(((k + 0.5) / cameras) * yards.length)]!;
    devices.push({ id: `cam-${c.id}`, type: 'thermal_camera', courtyardId: c.id, position: { x: c.x, y: c.y, z: 6 } });
  }
  const grids = d.grids;
  for (let g = 0; g < grids.length; g += 2) {
    const yard = d.courtyards.find((c) => c.gridId === grids[g]!.id && c.kind === 'old_courtyard');
    if (!yard) continue;
    d.capsuleStations!.push({ id: `cap-${yard.id}`, name: { zh: `${yard.name.zh}应急救援站`, en: `${yard.name.en} emergency capsule` }, courtyardId: yard.id,
      x: r1(yard.x + yard.width / 2 - 2), y: r1(yard.y), aed: rng() < 0.9,
      supplies: { fire: ['灭火器 extinguisher', '灭火毯 fire blanket'], rescue: ['救援绳 rope', '破拆工具 breaking tools', '软梯 soft ladder'],
        warning: ['警戒带 cordon tape', '扩音器 megaphone'], first_aid: ['担架 stretcher', '急救包 first-aid kit'], protection: ['防烟面罩 smoke hood', '安全帽 helmet'] } });
  }
}
