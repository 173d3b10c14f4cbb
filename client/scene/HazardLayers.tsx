// The running hazards as their models have them (a drill's `hazards`; scenarios/hazardView.ts): the gas
// cloud's volume, thick as its concentration; the fire's flame and the smoke filling its room; flood water
// over each zone's real outline at its depth (the model's in a drill, the gauge's in the live twin); where
// a person fell. Each model's drawing picks its renderer (hazardRenderers.ts); two meshes each, written in
// useFrame from the live store; nothing is drawn that is not there. A building hazard's air is drawn zone by zone
// too (flats, landings up the stairwell, the riser): one instanced box per zone, as full as its smoke or gas,
// hung from the ceiling; zones above the cutaway are left out, so a cut floor shows its own.
import { Html } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { memo, useEffect, useMemo, useReducer, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import type { HazardView } from '../../scenarios/hazardView';
import type { District } from '../../twin-assets/districtSchema';
import type { Lang } from '../../twin-assets/labels';
import { HAZARDS } from '../../scenarios/hazards/registry';
import { airLevels } from '../../scenarios/hazardView';
import { buildingZones } from '../../scenarios/multizone/buildingZones';
import { zoneBoxes, type ZoneBox } from '../../scenarios/multizone/zoneBoxes';
import { viewStore } from '../state/viewStore';
import { text } from '../i18n';
import type { LiveSnapshot } from '../net/liveRoom';
import { flatTriangles } from './cityGeometry';
import { toScene } from './coords';
import { labelWidth, onCanvas, reservedLabels } from './labelSpace';
import { GEOMETRY, RENDERERS } from './hazardRenderers';

const see = (c: string, opacity = 0.5, depthTest = true) => new THREE.MeshBasicMaterial({ color: c, transparent: true, opacity, depthWrite: false, depthTest, side: THREE.DoubleSide });
/** A hazard's measure as people read it: 12.1 %LEL, 0.45 m, 420 kW (the room state's 32-bit floats carry noise past that). */
const measureOf = (h: HazardView) => Number(h.value.toFixed(h.unit === 'm' ? 2 : h.unit === '%LEL' ? 1 : 0));

/** What the tests and the console read: each hazard as drawn. */
export interface HazardProbe {
  drawn(): { id: string; model: string; visible: boolean; opacity: number; scale: number[]; y: number; label: string }[];
  /** The water surface of a flood zone: its height above the ground (m), or null when dry. */
  waterOf(zoneId: string): number | null;
  /** A building hazard's zones drawn now, with the floor each stands on. */
  airOf(hazardId: string): { floor: number; kind: string }[];
  /** The water in an underground space: its depth over the space's floor (m), or null when dry. */
  spaceWaterOf(buildingId: string): number | null;
}

/** A hazard's caption: what it is and its measure, "厨房燃气泄漏 34 %LEL". */
export function hazardCaption(h: HazardView, lang: Lang): string {
  const name = HAZARDS.name(h.model)[lang];
  return h.safe ? `${name} · ${text('hazardSafe', lang)}` : `${name} ${HAZARDS.of(h.model).captionMeasure === false ? '' : `${measureOf(h)} ${h.unit}`}`.trim();
}

function Hazard({ id, live, lang, register }: { id: string; live: () => LiveSnapshot; lang: Lang; register: (id: string, o: THREE.Object3D | null) => void }) {
  const main = useRef<THREE.Mesh>(null);
  const extra = useRef<THREE.Mesh>(null);
  const label = useRef<HTMLDivElement>(null);
  // Seen through walls, as the device markers are: a kitchen's gas or smoke is inside a solid building.
  const materials = useMemo(() => ({ main: see('#e3b341', 0.4, false), extra: see('#8b949e', 0.5, false) }), []);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  useEffect(() => () => { reservedLabels.delete(`hazard:${id}`); }, [id]);
  useFrame(() => {
    const h = live().hazards?.find((x) => x.id === id);
    const m = main.current, e = extra.current;
    if (!h || !m || !e) return;
    m.visible = false; e.visible = false;
    m.rotation.set(0, 0, 0);
    const captionAlone = RENDERERS[HAZARDS.of(h.model).drawing](h, { main: m, extra: e, mainMaterial: materials.main, extraMaterial: materials.extra }) === true;
    const l = label.current;
    if (l) {
      const caption = hazardCaption(h, lang);
      if (l.textContent !== caption) l.textContent = caption;
      const shown = m.visible || e.visible || captionAlone;
      l.style.display = shown ? '' : 'none';
      // Its space on the canvas, which places' names keep out of (drei's Html centres it on its point).
      const at = shown ? onCanvas(toScene(h.x, h.y, h.z + 6), camera, size) : null;
      const half = labelWidth(caption, 16) / 2; // (raised 10 px by its style)
      if (at) reservedLabels.set(`hazard:${id}`, { x0: at.x - half, x1: at.x + half, y0: at.y - 22, y1: at.y + 2 });
      else reservedLabels.delete(`hazard:${id}`);
    }
  });
  return (
    <group name={`hazard-${id}`} ref={(g) => register(id, g)}>
      <mesh ref={main} material={materials.main} visible={false} renderOrder={9} name="hazard-main" />
      <mesh ref={extra} material={materials.extra} visible={false} renderOrder={8} name="hazard-extra" />
      <HazardLabel live={live} id={id} labelRef={label} />
    </group>
  );
}

/** The caption floats over the hazard: a DOM element moved by drei's Html. */
function HazardLabel({ live, id, labelRef }: { live: () => LiveSnapshot; id: string; labelRef: RefObject<HTMLDivElement | null> }) {
  const h = live().hazards?.find((x) => x.id === id);
  const at = h ? toScene(h.x, h.y, h.z + 6) : ([0, 0, 0] as [number, number, number]);
  return <Html position={at} center style={{ pointerEvents: 'none' }}><div className="hazard-label" data-testid="hazard-label" data-label="" ref={labelRef} /></Html>;
}

const water = see('#2f81f7', 0.55);
// Water in an underground space is below the street: seen through the ground.
const waterBelow = see('#2f81f7', 0.6, false);

/** Most zones one hazard draws (a 30-storey block of two units is 300). */
const AIR_MAX = 400;
const SMOKE = new THREE.Color('#6e7681'), GAS_LOW = new THREE.Color('#e3b341'), GAS_HIGH = new THREE.Color('#f85149');
const airMaterial = new THREE.MeshBasicMaterial({ transparent: true, opacity: 0.55, depthWrite: false, depthTest: false, side: THREE.DoubleSide });
const matrix = new THREE.Matrix4(), at = new THREE.Vector3(), size = new THREE.Vector3(), still = new THREE.Quaternion(), tint = new THREE.Color();
type Drawn = { floor: number; kind: string }[];

/** One building hazard's zones, each a box as full as its air; `drawn` keeps what is shown, for the probe. */
function ZoneAir({ id, district, live, drawn }: { id: string; district: District; live: () => LiveSnapshot; drawn: Map<string, Drawn> }) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const layout = useRef<{ buildingId: string; boxes: ZoneBox[]; zones: { floor: number; kind: string }[] } | null>(null);
  useFrame(() => {
    const m = mesh.current, h = live().hazards?.find((x) => x.id === id);
    if (!m) return;
    if (!h?.air) { m.count = 0; drawn.delete(id); return; }
    if (layout.current?.buildingId !== h.buildingId) {
      const b = district.buildings.find((x) => x.id === h.buildingId);
      const bz = b ? buildingZones(b) : null;
      layout.current = { buildingId: h.buildingId, boxes: b && bz ? zoneBoxes(b, bz) : [], zones: bz?.zones.map((z) => ({ floor: z.floor, kind: z.kind })) ?? [] };
    }
    const { boxes, zones } = layout.current;
    const levels = airLevels(h.air), cut = viewStore.get().cutawayM, gas = HAZARDS.of(h.model).drawing === 'room_air';
    const shown: Drawn = [];
    boxes.forEach((b, i) => {
      const level = levels[i] ?? 0;
      if (level < 0.03 || shown.length >= AIR_MAX || (cut !== null && b.z >= cut)) return;
      const high = b.h * level;
      at.set(...toScene(b.x, b.y, b.z + b.h - high));
      m.setMatrixAt(shown.length, matrix.compose(at, still, size.set(b.w * 0.96, high, b.d * 0.96)));
      m.setColorAt(shown.length, gas ? tint.copy(GAS_LOW).lerp(GAS_HIGH, level) : SMOKE);
      shown.push(zones[i]!);
    });
    m.count = shown.length;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
    drawn.set(id, shown);
  });
  return <instancedMesh ref={mesh} args={[GEOMETRY.cube, airMaterial, AIR_MAX]} renderOrder={7} frustumCulled={false} name="hazard-air" />;
}

export const HazardLayers = memo(function HazardLayers({ district, live, lang, onProbe }: { district: District; live: () => LiveSnapshot; lang: Lang; onProbe?: (p: HazardProbe) => void }) {
  // The hazards present: React renders again only when one starts.
  const ids = useRef<string[]>([]);
  const groups = useRef(new Map<string, THREE.Object3D>());
  const airDrawn = useRef(new Map<string, Drawn>());
  const zones = useMemo(() => district.floodZones.map((z) => ({
    id: z.id, geometry: new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(flatTriangles(z.polygon, 0).flat(2), 3)),
  })), [district]);
  const waterMeshes = useRef<(THREE.Mesh | null)[]>([]);
  // Underground spaces, each with its floor's height: a flood model's water stands on it.
  const spaces = useMemo(() => district.buildings.filter((b) => b.underground).map((b) => ({
    id: b.id, floorZ: -b.floors * b.floorHeight,
    geometry: new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(flatTriangles(b.footprint, 0).flat(2), 3)),
  })), [district]);
  const spaceMeshes = useRef<(THREE.Mesh | null)[]>([]);
  const [, force] = useReducer((n: number) => n + 1, 0);
  useFrame(() => {
    const snap = live();
    const now = (snap.hazards ?? []).map((h) => h.id);
    if (now.join('|') !== ids.current.join('|')) { ids.current = now; force(); }
    zones.forEach((z, i) => {
      const m = waterMeshes.current[i];
      if (!m) return;
      // In a drill the flood model's own depth; live, the zone's gauge.
      const modelled = snap.hazards?.find((h) => h.zoneId === z.id);
      const depth = modelled ? modelled.value : snap.floods[z.id] ?? 0;
      m.visible = depth > 0.02;
      m.position.y = 0.08 + depth;
    });
    spaces.forEach((sp, i) => {
      const m = spaceMeshes.current[i];
      if (!m) return;
      const depth = snap.hazards?.find((h) => h.buildingId === sp.id && h.unit === 'm')?.value ?? 0;
      m.visible = depth > 0.02;
      m.position.y = sp.floorZ + depth;
    });
    onProbe?.(probe);
  });
  const probe: HazardProbe = useMemo(() => ({
    drawn: () => [...groups.current].map(([id, g]) => {
      const [m, e] = g.children as THREE.Mesh[];
      const shown = m!.visible ? m! : e!;
      const h = live().hazards?.find((x) => x.id === id);
      return { id, model: h?.model ?? '', visible: m!.visible || e!.visible, opacity: (shown.material as THREE.MeshBasicMaterial).opacity, scale: shown.scale.toArray(), y: shown.position.y, label: h ? hazardCaption(h, lang) : '' };
    }),
    airOf: (hazardId) => airDrawn.current.get(hazardId) ?? [],
    spaceWaterOf: (buildingId) => { const i = spaces.findIndex((sp) => sp.id === buildingId), m = spaceMeshes.current[i]; return m?.visible ? Math.round((m.position.y - spaces[i]!.floorZ) * 100) / 100 : null; },
    waterOf: (zoneId) => { const m = waterMeshes.current[zones.findIndex((z) => z.id === zoneId)]; return m?.visible ? Math.round((m.position.y - 0.08) * 100) / 100 : null; },
  }), [live, lang, zones, spaces]);
  const register = (id: string, o: THREE.Object3D | null) => { if (o) groups.current.set(id, o); else groups.current.delete(id); };
  return (
    <group name="hazards">
      {zones.map((z, i) => <mesh key={z.id} geometry={z.geometry} material={water} visible={false} renderOrder={2} name="flood-water" ref={(m) => { waterMeshes.current[i] = m; }} />)}
      {spaces.map((sp, i) => <mesh key={sp.id} geometry={sp.geometry} material={waterBelow} visible={false} renderOrder={4} name="underground-water" ref={(m) => { spaceMeshes.current[i] = m; }} />)}
      {ids.current.map((id) => <Hazard key={id} id={id} live={live} lang={lang} register={register} />)}
      {ids.current.map((id) => <ZoneAir key={`air-${id}`} id={id} district={district} live={live} drawn={airDrawn.current} />)}
    </group>
  );
});
