// The 3D twin, all from the district data: city, moving things, device markers, camera rig.
import { memo, useMemo, useRef, type ReactNode } from 'react';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { setConsoleFunction } from 'three';

// @react-three/fiber 9.8 (the newest) still makes a THREE.Clock, which three ≥ r183 calls deprecated on every page:
// that one line is not ours to fix; everything else three says still reaches the console.
setConsoleFunction((level: 'log' | 'warn' | 'error', message: string, ...params: unknown[]) => {
  if (level === 'warn' && String(message).includes('Clock: This module has been deprecated')) return;
  console[level](message, ...params);
});
import { OrbitControls } from '@react-three/drei';
import { indexDistrict, placeName } from '../../twin-assets/districtIndex';
import type { District } from '../../twin-assets/districtSchema';
import type { Lang } from '../../twin-assets/labels';
import type { LiveSnapshot } from '../net/liveRoom';
import { CameraRig } from './CameraRig';
import { City } from './City';
import { PlaceLabels } from './PlaceLabels';
import * as THREE from 'three';
import { districtBounds } from './cityGeometry';
import { toScene } from './coords';
import { DeviceMarkers, type MarkerProbe } from './DeviceMarkers';
import { HazardLayers, type HazardProbe } from './HazardLayers';
import { Movers, type MoverProbe } from './Movers';
import type { AvatarProbe } from './Avatars';

/** What tests and benchmarks read from the running scene (window.__twin). */
export interface SceneProbe {
  frames: number; drawCalls: number; triangles: number; buildings: number;
  markers: MarkerProbe | null; movers: MoverProbe | null;
  /** The hazards as drawn, and the flood water. */
  hazards?: HazardProbe | null;
  /** In a drill or a replay: the people drawn. */
  avatars?: AvatarProbe | null;
  /** How many things each named mesh draws (its instances, or the owners of a merged mesh's faces), read from the three.js scene graph itself. */
  instances?: () => Record<string, number>;
  camera?: () => number[];
  /** The three.js scene, for the console and for profiling. */
  scene?: unknown;
  /** The planner: the heat map's intensity (0–1) at a point of the district, how many spots it draws, where a candidate is on screen. */
  heatAt?: (x: number, y: number) => number;
  heatSpots?: number;
  candidateScreenOf?: (id: string) => { x: number; y: number } | null;
  /** Where a point of the district frame is on the canvas, in CSS pixels. */
  screenOfPoint?: (x: number, y: number, z: number) => { x: number; y: number };
}

declare global { interface Window { __twin?: SceneProbe } }

export const probe = (): SceneProbe => (window.__twin ??= { frames: 0, drawCalls: 0, triangles: 0, buildings: 0, markers: null, movers: null });

function RendererProbe({ buildings }: { buildings: number }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  probe().camera = () => camera.position.toArray();
  probe().screenOfPoint = (x, y, z) => { const v = new THREE.Vector3(...toScene(x, y, z)).project(camera); return { x: ((v.x + 1) / 2) * size.width, y: ((1 - v.y) / 2) * size.height }; };
  probe().scene = scene;
  probe().instances = () => {
    const out: Record<string, number> = {};
    scene.traverse((o) => {
      if (!o.name) return;
      if ((o as { isInstancedMesh?: boolean }).isInstancedMesh) out[o.name] = (o as unknown as { count: number }).count;
      else if (typeof o.userData.owners === 'number') out[o.name] = o.userData.owners;
    });
    return out;
  };
  useFrame(() => {
    const p = probe();
    p.frames += 1;
    // Read before this frame renders: the counters hold the previous frame's totals.
    p.drawCalls = gl.info.render.calls;
    p.triangles = gl.info.render.triangles;
    p.buildings = buildings;
  });
  return null;
}

/** Memoised: live updates reach the scene through `live()` in useFrame, not through React renders. */
export const TwinScene = memo(function TwinScene({ district, live, lang, children, onGroundClick, onBuildingClick, devices = true }: {
  district: District; live: () => LiveSnapshot; lang: Lang;
  /** Draw the district's devices (the planner draws its own). */
  devices?: boolean;
  /** More to draw (a drill's people). */
  children?: ReactNode;
  /** A click on the ground, in the district frame (a responder asking to go there). */
  onGroundClick?: (x: number, y: number) => void;
  /** A click on a building (the scenario editor places a hazard in it). */
  onBuildingClick?: (buildingId: string) => void;
}) {
  const bounds = useMemo(() => districtBounds(district), [district]);
  const index = useMemo(() => indexDistrict(district), [district]);
  const extent = bounds.extent;
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  const labelLayer = useRef<HTMLDivElement>(null);
  return (
    <div className="twin-view">
    <Canvas camera={{ position: [cx + extent * 0.1, extent * 0.55, -cy + extent * 0.65], fov: 50, near: 1, far: extent * 10 }}
      gl={{ antialias: true, preserveDrawingBuffer: true, localClippingEnabled: true } as never} dpr={[1, 2]}
      onCreated={({ gl }) => { gl.localClippingEnabled = true; }}
      onPointerMissed={() => { /* keep the selection: the panel has its own close button */ }}>
      <color attach="background" args={['#0f1419']} />
      <ambientLight intensity={0.7} />
      <directionalLight position={[extent * 0.4, extent, extent * 0.3]} intensity={1.4} />
      <mesh rotation-x={-Math.PI / 2} position={[cx, -0.05, -cy]} name="ground"
        onClick={onGroundClick ? (e) => { if (e.delta < 4) { e.stopPropagation(); onGroundClick(e.point.x, -e.point.z); } } : undefined}>
        <planeGeometry args={[extent * 1.6, extent * 1.6]} />
        <meshStandardMaterial color="#1b232b" />
      </mesh>
      <City district={district} live={live} onBuildingClick={onBuildingClick} />
      <PlaceLabels district={district} lang={lang} overlay={labelLayer} />
      <Movers district={district} live={live} onProbe={(m) => { probe().movers = m; }} />
      <HazardLayers district={district} live={live} lang={lang} onProbe={(h) => { probe().hazards = h; }} />
      {devices && <DeviceMarkers devices={district.devices} live={live} lang={lang} onProbe={(m) => { probe().markers = m; }} placeOf={(d) => placeName(index, d, lang)} />}
      <OrbitControls makeDefault target={[cx, 0, -cy]} maxPolarAngle={Math.PI / 2.1} maxDistance={extent * 3} />
      {children}
      <CameraRig />
      <RendererProbe buildings={district.buildings.length} />
    </Canvas>
    <div className="place-labels" ref={labelLayer} data-testid="place-labels" />
    </div>
  );
});
