// Every device as an instance of its type's mesh: a shape per type (a ceiling puck for smoke, a diamond for
// gas, a staff gauge for water level…), a colour per state. Colours and pulsing are written in useFrame
// from the live store, never through React state (react-three-fiber's pitfalls page); only instances that
// changed or pulse are touched each frame. One draw call per device type present, and one more per type with a
// device out of the normal state: those are drawn again in a layer of their own, over every normal marker (a
// smoke detector's puck never hides the gas alarm beside it). A marker keeps a size on screen (markerSize.ts):
// up close it does not cover the roofs, far off it stays a speck. From afar (a whole street in view) the shapes
// give way to two point clouds, every device a dot in its state's colour and the ones in alarm as larger
// pulsing dots: two draw calls for ten thousand devices.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { Html } from '@react-three/drei';
import * as THREE from 'three';
import type { DeviceType } from '../../twin-assets/deviceCatalog';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import { DEVICE_TYPE_LABELS, type Lang } from '../../twin-assets/labels';
import type { LiveSnapshot } from '../net/liveRoom';
import { viewStore } from '../state/viewStore';
import { toScene, viewDistance } from './coords';
import { MARKER_RADIUS_M as radius, MARKER_SCALE_GLSL, markerScale, pixelsPerMetre } from './markerSize';
import { DISPLAY_COLORS } from './palette';

// Few triangles a shape (6–24): ten thousand devices stay cheap even in software rendering. Each fits in a unit sphere.
const scaled = (g: THREE.BufferGeometry, x: number, y: number, z: number) => g.scale(x, y, z);
export const DEVICE_SHAPES: Record<DeviceType, THREE.BufferGeometry> = {
  smoke: new THREE.CylinderGeometry(1, 1, 0.45, 6),                       // a ceiling puck
  gas: scaled(new THREE.OctahedronGeometry(1, 0), 0.7, 1, 0.7),           // a diamond
  water_flow: new THREE.TorusGeometry(0.7, 0.25, 4, 8),                   // a pipe ring
  hydrant: new THREE.CylinderGeometry(0.45, 0.6, 1.8, 6),                 // a post
  water_level: new THREE.BoxGeometry(0.35, 2, 0.35),                      // a staff gauge
  manhole: new THREE.CylinderGeometry(1.1, 1.1, 0.2, 8),                  // a cover
  electrical: new THREE.BoxGeometry(1.2, 1.2, 0.4),                       // a panel
  charging_pile: new THREE.BoxGeometry(0.7, 1.8, 0.5),                    // a pillar
  thermal_camera: new THREE.ConeGeometry(0.6, 1.4, 6).rotateZ(Math.PI / 2), // a lens looking out
  elevator: new THREE.BoxGeometry(1, 1.4, 1),                             // a car
  crane: new THREE.TetrahedronGeometry(1.1),                              // a warning pyramid
  bracelet: new THREE.TorusGeometry(0.6, 0.22, 4, 8).rotateX(Math.PI / 2), // a band
};
/** The view's height in CSS pixels, for the on-screen clamp (set each frame). */
const markerUniforms = { markerViewHeightPx: { value: 800 } };
function markerMaterial() {
  const m = new THREE.MeshBasicMaterial({ toneMapped: false, depthTest: false, transparent: true });
  m.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, markerUniforms);
    shader.vertexShader = `uniform float markerViewHeightPx;\n${shader.vertexShader.replace('#include <begin_vertex>', MARKER_SCALE_GLSL)}`;
  };
  return m;
}
const material = markerMaterial();

// Picking as drawn: each instance is a sphere of its on-screen-clamped radius (the shapes fit their unit sphere),
// not three's triangle test on the unclamped shape, which would hit a marker metres away from what is drawn.
const pick = { m: new THREE.Matrix4(), at: new THREE.Vector3(), view: new THREE.Vector3(), sphere: new THREE.Sphere(), hit: new THREE.Vector3() };
function pickMarkers(this: THREE.InstancedMesh, raycaster: THREE.Raycaster, intersects: THREE.Intersection[]) {
  const camera = raycaster.camera;
  if (!camera || !this.visible) return;
  const ppm = pixelsPerMetre(camera.projectionMatrix.elements[5]!, markerUniforms.markerViewHeightPx.value);
  for (let j = 0; j < this.count; j++) {
    this.getMatrixAt(j, pick.m);
    const scale = pick.m.getMaxScaleOnAxis();
    if (scale === 0) continue;
    pick.at.setFromMatrixPosition(pick.m).applyMatrix4(this.matrixWorld);
    const depth = -pick.view.copy(pick.at).applyMatrix4(camera.matrixWorldInverse).z;
    pick.sphere.set(pick.at, scale * markerScale(depth, ppm));
    if (raycaster.ray.intersectSphere(pick.sphere, pick.hit)) intersects.push({ distance: raycaster.ray.origin.distanceTo(pick.hit), point: pick.hit.clone(), object: this, instanceId: j });
  }
}
const dots = new THREE.PointsMaterial({ size: 3, sizeAttenuation: false, vertexColors: true, depthTest: false, transparent: true, toneMapped: false });
const alarmDots = new THREE.PointsMaterial({ size: 12, sizeAttenuation: false, vertexColors: true, depthTest: false, transparent: true, toneMapped: false });
/** Beyond this distance from the camera to what it looks at, devices are dots. */
export const DEVICE_SHAPES_WITHIN_M = 700;
const COLORS = Object.fromEntries(Object.entries(DISPLAY_COLORS).map(([k, c]) => [k, new THREE.Color(c)]));

export interface MarkerProbe {
  count: number;
  displayOf(deviceId: string): string | null; colorOf(deviceId: string): string | null; screenOf(deviceId: string): { x: number; y: number } | null;
  /** The mesh a device is drawn in (`device-markers:<type>`). */
  meshOf(deviceId: string): string | null;
  /** Drawn as dots (from afar) rather than shapes. */
  far: boolean;
}

export function DeviceMarkers({ devices, live, lang, onProbe, placeOf }: {
  devices: DeviceDef[]; live: () => LiveSnapshot; lang: Lang; onProbe?: (probe: MarkerProbe) => void;
  /** Where a device is, as a person names it (courtyard, building, floor, flat). */
  placeOf: (device: DeviceDef) => string;
}) {
  // Devices by type, each with its mesh; a device is (group, slot).
  const groups = useMemo(() => {
    const byType = new Map<DeviceType, number[]>();
    devices.forEach((d, i) => byType.set(d.type, [...(byType.get(d.type) ?? []), i]));
    return [...byType].map(([type, members]) => ({ type, members }));
  }, [devices]);
  const slotOf = useMemo(() => {
    const out: { g: number; j: number }[] = [];
    groups.forEach((grp, g) => grp.members.forEach((i, j) => { out[i] = { g, j }; }));
    return out;
  }, [groups]);
  const meshes = useRef<(THREE.InstancedMesh | null)[]>([]);
  /** The layer over them: per type, the devices out of the normal state (and the selected one), and which device each slot draws. */
  const tops = useRef<(THREE.InstancedMesh | null)[]>([]);
  const topMembers = useRef<number[][]>([]);
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = useRef<string[]>([]);
  const active = useRef(new Set<number>());
  const selected = useRef<number | null>(null);
  const matrix = useMemo(() => new THREE.Matrix4(), []);
  const base = useMemo(() => devices.map((d) => new THREE.Vector3(...toScene(d.position.x, d.position.y, d.position.z))), [devices]);
  const indexOf = useMemo(() => new Map(devices.map((d, i) => [d.id, i])), [devices]);
  const cloud = useMemo(() => {
    const all = new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(base.flatMap((v) => v.toArray()), 3)).setAttribute('color', new THREE.Float32BufferAttribute(new Float32Array(devices.length * 3), 3));
    const alarms = new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(new Float32Array(devices.length * 3), 3)).setAttribute('color', new THREE.Float32BufferAttribute(new Float32Array(devices.length * 3), 3));
    alarms.setDrawRange(0, 0);
    return { all, alarms };
  }, [base, devices]);
  const points = useRef<THREE.Points>(null);
  const alarmPoints = useRef<THREE.Points>(null);

  const place = (i: number, scale: number) => {
    const { g, j } = slotOf[i]!;
    matrix.makeScale(scale, scale, scale).setPosition(base[i]!);
    meshes.current[g]?.setMatrixAt(j, matrix);
  };
  const colour = (i: number, c: THREE.Color) => {
    const { g, j } = slotOf[i]!;
    meshes.current[g]?.setColorAt(j, c);
    (cloud.all.attributes.color as THREE.BufferAttribute).setXYZ(i, c.r, c.g, c.b);
  };
  const touched = (changedColours: boolean) => {
    for (const m of meshes.current) {
      if (!m) continue;
      m.instanceMatrix.needsUpdate = true;
      if (changedColours && m.instanceColor) m.instanceColor.needsUpdate = true;
    }
    if (changedColours) cloud.all.attributes.color!.needsUpdate = true;
  };

  // Once per device list: every instance normal-sized and green; useFrame takes it from there.
  useLayoutEffect(() => {
    topMembers.current = groups.map(() => []);
    devices.forEach((_, i) => { place(i, radius); colour(i, COLORS.normal!); });
    shown.current = devices.map(() => 'normal');
    active.current.clear();
    touched(true);
    for (const m of meshes.current) m?.computeBoundingSphere();
  }, [devices, groups]);

  const probe: MarkerProbe = useMemo(() => ({
    count: devices.length,
    displayOf: (id) => { const i = indexOf.get(id); return i === undefined ? null : shown.current[i]!; },
    colorOf: (id) => {
      const i = indexOf.get(id);
      if (i === undefined) return null;
      const { g, j } = slotOf[i]!;
      const c = new THREE.Color();
      meshes.current[g]?.getColorAt(j, c);
      return `#${c.getHexString()}`;
    },
    meshOf: (id) => { const i = indexOf.get(id); return i === undefined ? null : meshes.current[slotOf[i]!.g]?.name ?? null; },
    screenOf: () => null,
    far: false,
  }), [devices, indexOf, slotOf]);

  useFrame(({ clock, camera, size, controls }) => {
    const isFar = viewDistance(camera, controls) > DEVICE_SHAPES_WITHIN_M;
    markerUniforms.markerViewHeightPx.value = size.height;
    for (const m of meshes.current) if (m) m.visible = !isFar;
    if (points.current) points.current.visible = isFar;
    if (alarmPoints.current) alarmPoints.current.visible = isFar;
    probe.far = isFar;
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
    const before = active.current;
    active.current = new Set();
    let moved = false;
    for (const i of now) {
      const display = states[devices[i]!.id]?.display ?? 'normal';
      if (shown.current[i] !== display) { shown.current[i] = display; colour(i, COLORS[display] ?? COLORS.normal!); colours = true; }
      const shownOnTop = display !== 'normal' || i === selIndex;
      if (shownOnTop) active.current.add(i);
      // Hidden below while drawn in the layer above: the type's whole buffer is sent again only when that changes.
      if (shownOnTop !== before.has(i)) { place(i, shownOnTop ? 0 : radius); moved = true; }
    }
    if (moved || colours) touched(colours);
    // The layer above: rewritten each frame (a handful of devices), pulsing.
    const counts = groups.map(() => 0);
    for (const i of active.current) {
      const { g } = slotOf[i]!;
      const top = tops.current[g];
      if (!top) continue;
      const k = counts[g]!++;
      const display = shown.current[i]!;
      const scale = radius * (display === 'alarm_unacked' ? pulse * 1.5 : display === 'normal' ? 1 : 1.3) * (i === selIndex ? 1.6 : 1);
      top.setMatrixAt(k, matrix.makeScale(scale, scale, scale).setPosition(base[i]!));
      top.setColorAt(k, COLORS[display] ?? COLORS.normal!);
      topMembers.current[g]![k] = i;
    }
    tops.current.forEach((top, g) => {
      if (!top) return;
      top.count = counts[g]!;
      top.visible = !isFar && top.count > 0;
      top.instanceMatrix.needsUpdate = true;
      if (top.instanceColor) top.instanceColor.needsUpdate = true;
    });
    // The larger dots: the devices out of the normal state, rewritten when that set changes.
    const ap = alarmPoints.current;
    if (ap && (colours || ap.geometry.drawRange.count !== active.current.size)) {
      const pos = ap.geometry.attributes.position as THREE.BufferAttribute, col = ap.geometry.attributes.color as THREE.BufferAttribute;
      let k = 0;
      for (const i of active.current) { pos.setXYZ(k, base[i]!.x, base[i]!.y, base[i]!.z); const c = COLORS[shown.current[i]!] ?? COLORS.normal!; col.setXYZ(k, c.r, c.g, c.b); k++; }
      ap.geometry.setDrawRange(0, k);
      pos.needsUpdate = true; col.needsUpdate = true;
    }
    alarmDots.size = 10 + 6 * Math.abs(Math.sin(clock.elapsedTime * 4));
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
      <points ref={points} geometry={cloud.all} material={dots} visible={false} renderOrder={10} name="device-dots" frustumCulled={false} />
      <points ref={alarmPoints} geometry={cloud.alarms} material={alarmDots} visible={false} renderOrder={11} name="device-alarm-dots" frustumCulled={false} />
      {groups.map((grp, g) => {
        // A hover or click names the device the slot draws: the type's own list below, the layer's current one above.
        const events = (deviceAt: (slot: number) => number | undefined) => ({
          raycast: pickMarkers,
          onPointerMove: (e: ThreeEvent<PointerEvent>) => { e.stopPropagation(); setHovered(e.instanceId === undefined ? null : deviceAt(e.instanceId) ?? null); },
          onPointerOut: () => setHovered(null),
          onClick: (e: ThreeEvent<MouseEvent>) => { e.stopPropagation(); const i = e.instanceId === undefined ? undefined : deviceAt(e.instanceId); if (i !== undefined) viewStore.set({ selectedDeviceId: devices[i]!.id }); },
        });
        return (
          <group key={grp.type}>
            <instancedMesh ref={(m) => { meshes.current[g] = m; }} args={[DEVICE_SHAPES[grp.type], material, grp.members.length]} renderOrder={10} name={`device-markers:${grp.type}`}
              {...events((slot) => grp.members[slot])} />
            <instancedMesh ref={(m) => { tops.current[g] = m; if (m) { m.count = 0; m.visible = false; } }} args={[DEVICE_SHAPES[grp.type], material, grp.members.length]} renderOrder={12} name={`device-active:${grp.type}`}
              frustumCulled={false} {...events((slot) => topMembers.current[g]?.[slot])} />
          </group>
        );
      })}
      {hoveredDevice && (
        <Html position={base[hovered!]!} center style={{ transform: 'translateY(-28px)', pointerEvents: 'none' }}>
          <div className="tooltip" data-testid="hover-label">{DEVICE_TYPE_LABELS[hoveredDevice.type][lang]} · {placeOf(hoveredDevice)}</div>
        </Html>
      )}
    </>
  );
}
