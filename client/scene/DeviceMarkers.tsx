// Every device as one instance of a single InstancedMesh. Colours and pulsing are written in
// useFrame from the live store, never through React state (react-three-fiber's pitfalls page);
// only instances that changed or pulse are touched each frame.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFrame } from '@react-three/fiber';
import { Html } from '@react-three/drei';
import * as THREE from 'three';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import { DEVICE_TYPE_LABELS, type Lang } from '../../twin-assets/labels';
import type { LiveSnapshot } from '../net/liveRoom';
import { viewStore } from '../state/viewStore';
import { toScene } from './coords';
import { DISPLAY_COLORS } from './palette';

// 8 triangles a marker: ten thousand of them stay cheap even in software rendering.
const sphere = new THREE.OctahedronGeometry(1, 0);
const material = new THREE.MeshBasicMaterial({ toneMapped: false, depthTest: false, transparent: true });
const COLORS = Object.fromEntries(Object.entries(DISPLAY_COLORS).map(([k, c]) => [k, new THREE.Color(c)]));

export interface MarkerProbe { count: number; displayOf(deviceId: string): string | null; colorOf(deviceId: string): string | null; screenOf(deviceId: string): { x: number; y: number } | null }

export function DeviceMarkers({ devices, live, lang, radius, onProbe }: {
  devices: DeviceDef[]; live: () => LiveSnapshot; lang: Lang; radius: number; onProbe?: (probe: MarkerProbe) => void;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = useRef<string[]>([]);
  const active = useRef(new Set<number>());
  const selected = useRef<number | null>(null);
  const matrix = useMemo(() => new THREE.Matrix4(), []);
  const base = useMemo(() => devices.map((d) => new THREE.Vector3(...toScene(d.position.x, d.position.y, d.position.z))), [devices]);
  const indexOf = useMemo(() => new Map(devices.map((d, i) => [d.id, i])), [devices]);

  const place = (m: THREE.InstancedMesh, i: number, scale: number) => {
    matrix.makeScale(scale, scale, scale).setPosition(base[i]!);
    m.setMatrixAt(i, matrix);
  };

  // Once per device list: every instance normal-sized and green; useFrame takes it from there.
  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    devices.forEach((_, i) => { place(m, i, radius); m.setColorAt(i, COLORS.normal!); });
    shown.current = devices.map(() => 'normal');
    active.current.clear();
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
    m.computeBoundingSphere();
  }, [devices, radius]);

  const probe: MarkerProbe = useMemo(() => ({
    count: devices.length,
    displayOf: (id) => { const i = indexOf.get(id); return i === undefined ? null : shown.current[i]!; },
    colorOf: (id) => {
      const i = indexOf.get(id);
      const m = mesh.current;
      if (i === undefined || !m) return null;
      const c = new THREE.Color();
      m.getColorAt(i, c);
      return `#${c.getHexString()}`;
    },
    screenOf: () => null,
  }), [devices, indexOf]);

  useFrame(({ clock, camera, size }) => {
    const m = mesh.current;
    if (!m) return;
    const states = live().devices;
    let colours = false;
    // Devices that left the normal state, and those that came back to it.
    const now = new Set<number>();
    for (const id in states) { const i = indexOf.get(id); if (i !== undefined) now.add(i); }
    for (const i of active.current) if (!now.has(i)) now.add(i);
    const sel = viewStore.get().selectedDeviceId;
    const selIndex = sel ? indexOf.get(sel) ?? null : null;
    if (selected.current !== selIndex) { if (selected.current !== null) now.add(selected.current); if (selIndex !== null) now.add(selIndex); selected.current = selIndex; }
    const pulse = 1 + 0.5 * Math.abs(Math.sin(clock.elapsedTime * 4));
    active.current = new Set();
    for (const i of now) {
      const display = states[devices[i]!.id]?.display ?? 'normal';
      if (shown.current[i] !== display) { shown.current[i] = display; m.setColorAt(i, COLORS[display] ?? COLORS.normal!); colours = true; }
      const isSel = i === selIndex;
      if (display !== 'normal' || isSel) active.current.add(i);
      const scale = radius * (display === 'alarm_unacked' ? pulse * 1.5 : display === 'normal' ? 1 : 1.3) * (isSel ? 1.6 : 1);
      place(m, i, scale);
    }
    if (now.size) m.instanceMatrix.needsUpdate = true;
    if (colours && m.instanceColor) m.instanceColor.needsUpdate = true;
    probe.screenOf = (id) => {
      const i = indexOf.get(id);
      if (i === undefined) return null;
      const v = base[i]!.clone().project(camera);
      return { x: (v.x + 1) / 2 * size.width, y: (1 - v.y) / 2 * size.height };
    };
    onProbe?.(probe);
  });

  const hoveredDevice = hovered === null ? null : devices[hovered];
  return (
    <>
      <instancedMesh ref={mesh} args={[sphere, material, Math.max(devices.length, 1)]} renderOrder={10} name="device-markers"
        onPointerMove={(e) => { e.stopPropagation(); setHovered(e.instanceId ?? null); }}
        onPointerOut={() => setHovered(null)}
        onClick={(e) => { e.stopPropagation(); if (e.instanceId !== undefined) viewStore.set({ selectedDeviceId: devices[e.instanceId]!.id }); }} />
      {hoveredDevice && (
        <Html position={base[hovered!]!} center style={{ transform: 'translateY(-28px)', pointerEvents: 'none' }}>
          <div className="tooltip" data-testid="hover-label">{hoveredDevice.id} · {DEVICE_TYPE_LABELS[hoveredDevice.type][lang]}</div>
        </Html>
      )}
    </>
  );
}
