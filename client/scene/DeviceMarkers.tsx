// Every device as one instance of a single InstancedMesh. Colours and pulsing are written in
// useFrame from the live store, never through React state (react-three-fiber's pitfalls page).
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFrame } from '@react-three/fiber';
import { Html } from '@react-three/drei';
import * as THREE from 'three';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import { DEVICE_TYPE_LABELS, type Lang } from '../../twin-assets/labels';
import type { LiveSnapshot } from '../net/liveRoom';
import { toScene } from './coords';
import { DISPLAY_COLORS } from './palette';

const sphere = new THREE.SphereGeometry(1.6, 16, 12);
const material = new THREE.MeshBasicMaterial({ toneMapped: false, depthTest: false, transparent: true });
const COLORS = Object.fromEntries(Object.entries(DISPLAY_COLORS).map(([k, c]) => [k, new THREE.Color(c)]));

export interface MarkerProbe { count: number; displayOf(deviceId: string): string | null; colorOf(deviceId: string): string | null; screenOf(deviceId: string): { x: number; y: number } | null }

export function DeviceMarkers({ devices, live, lang, onProbe }: {
  devices: DeviceDef[]; live: () => LiveSnapshot; lang: Lang; onProbe?: (probe: MarkerProbe) => void;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = useRef<string[]>(devices.map(() => 'normal'));
  const matrix = useMemo(() => new THREE.Matrix4(), []);
  const base = useMemo(() => devices.map((d) => new THREE.Vector3(...toScene(d.position.x, d.position.y, d.position.z))), [devices]);
  const indexOf = useMemo(() => new Map(devices.map((d, i) => [d.id, i])), [devices]);

  useFrame(({ clock, camera, size }) => {
    const m = mesh.current;
    if (!m) return;
    const states = live().devices;
    const pulse = 1 + 0.45 * Math.abs(Math.sin(clock.elapsedTime * 4));
    devices.forEach((d, i) => {
      const display = states[d.id]?.display ?? 'normal';
      if (shown.current[i] !== display) { m.setColorAt(i, COLORS[display] ?? COLORS.normal!); shown.current[i] = display; if (m.instanceColor) m.instanceColor.needsUpdate = true; }
      const s = display === 'alarm_unacked' ? pulse * 1.4 : display === 'normal' ? 1 : 1.25;
      matrix.makeScale(s, s, s).setPosition(base[i]!);
      m.setMatrixAt(i, matrix);
    });
    m.instanceMatrix.needsUpdate = true;
    onProbe?.({
      count: m.count,
      displayOf: (id) => { const i = indexOf.get(id); return i === undefined ? null : shown.current[i]!; },
      colorOf: (id) => {
        const i = indexOf.get(id);
        if (i === undefined) return null;
        const c = new THREE.Color();
        m.getColorAt(i, c);
        return `#${c.getHexString()}`;
      },
      screenOf: (id) => {
        const i = indexOf.get(id);
        if (i === undefined) return null;
        const v = base[i]!.clone().project(camera);
        return { x: (v.x + 1) / 2 * size.width, y: (1 - v.y) / 2 * size.height };
      },
    });
  });

  // Once per device list: every instance starts normal, and useFrame takes it from there.
  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    devices.forEach((_, i) => m.setColorAt(i, COLORS.normal!));
    shown.current = devices.map(() => 'normal');
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
  }, [devices]);

  const hoveredDevice = hovered === null ? null : devices[hovered];
  return (
    <>
      <instancedMesh ref={mesh} args={[sphere, material, devices.length]} renderOrder={10} name="device-markers"
        onPointerMove={(e) => { e.stopPropagation(); setHovered(e.instanceId ?? null); }}
        onPointerOut={() => setHovered(null)} frustumCulled={false} />
      {hoveredDevice && (
        <Html position={base[hovered!]!} center style={{ transform: 'translateY(-28px)' }}>
          <div className="tooltip">{hoveredDevice.id} · {DEVICE_TYPE_LABELS[hoveredDevice.type][lang]}</div>
        </Html>
      )}
    </>
  );
}
