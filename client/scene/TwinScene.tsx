// The 3D twin: ground, courtyards, buildings and device markers, all from the district data.
import { memo } from 'react';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import type { District } from '../../twin-assets/districtSchema';
import type { Lang } from '../../twin-assets/labels';
import type { LiveSnapshot } from '../net/liveRoom';
import { Buildings } from './Buildings';
import { DeviceMarkers, type MarkerProbe } from './DeviceMarkers';

/** What tests and benchmarks read from the running scene (window.__twin). */
export interface SceneProbe { frames: number; drawCalls: number; triangles: number; buildings: number; markers: MarkerProbe | null }

declare global { interface Window { __twin?: SceneProbe } }

function RendererProbe({ buildings }: { buildings: number }) {
  const gl = useThree((s) => s.gl);
  useFrame(() => {
    const probe = (window.__twin ??= { frames: 0, drawCalls: 0, triangles: 0, buildings, markers: null });
    probe.frames += 1;
    // Read before this frame renders: the counters hold the previous frame's totals.
    probe.drawCalls = gl.info.render.calls;
    probe.triangles = gl.info.render.triangles;
    probe.buildings = buildings;
  });
  return null;
}

/** Memoised: live updates reach the scene through `live()` in useFrame, not through React renders. */
export const TwinScene = memo(function TwinScene({ district, live, lang }: { district: District; live: () => LiveSnapshot; lang: Lang }) {
  const extent = Math.max(...district.courtyards.map((c) => Math.max(Math.abs(c.x) + c.width / 2, Math.abs(c.y) + c.depth / 2)), 100);
  return (
    <Canvas camera={{ position: [extent * 0.2, extent * 0.9, extent * 1.1], fov: 50, near: 1, far: extent * 20 }}
      gl={{ antialias: true, preserveDrawingBuffer: true }} dpr={[1, 2]}>
      <color attach="background" args={['#0f1419']} />
      <ambientLight intensity={0.7} />
      <directionalLight position={[200, 400, 150]} intensity={1.4} />
      <mesh rotation-x={-Math.PI / 2} position={[0, -0.05, 0]}>
        <planeGeometry args={[extent * 3, extent * 3]} />
        <meshStandardMaterial color="#1b232b" />
      </mesh>
      <gridHelper args={[extent * 3, 30, '#24303a', '#1e2730']} />
      <Buildings district={district} />
      <DeviceMarkers devices={district.devices} live={live} lang={lang}
        onProbe={(markers) => { if (window.__twin) window.__twin.markers = markers; }} />
      <OrbitControls makeDefault maxPolarAngle={Math.PI / 2.1} />
      <RendererProbe buildings={district.buildings.length} />
    </Canvas>
  );
});
