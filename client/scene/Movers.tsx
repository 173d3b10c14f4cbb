// Things that move with their devices: elevator cars and tower cranes (jib slewing, trolley, hook
// and load). Read from the live store in useFrame; eased toward the reported pose. (Flood water is a hazard layer.)
import { useFrame } from '@react-three/fiber';
import { memo, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import type { LiveSnapshot } from '../net/liveRoom';
import { toScene, viewDistance } from './coords';

const box = new THREE.BoxGeometry(1, 1, 1);
const carMaterial = new THREE.MeshStandardMaterial({ color: '#58a6ff' });
const craneMaterial = new THREE.MeshStandardMaterial({ color: '#e3b341' });
const cableMaterial = new THREE.MeshBasicMaterial({ color: '#8b949e' });
const loadMaterial = new THREE.MeshStandardMaterial({ color: '#8b5a2b' });
const DOOR_OPEN = new THREE.Color('#3fb950');
const DOOR_SHUT = new THREE.Color('#58a6ff');

const CARS_WITHIN_M = 700;

const ease = (from: number, to: number, k: number) => from + (to - from) * k;
const tmp = new THREE.Object3D();

export interface MoverProbe { elevators: number; cranes: number; elevatorY(id: string): number | null; craneSlew(id: string): number | null }

export const Movers = memo(function Movers({ district, live, onProbe }: { district: District; live: () => LiveSnapshot; onProbe?: (p: MoverProbe) => void }) {
  const cars = useRef<THREE.InstancedMesh>(null);
  const masts = useRef<THREE.InstancedMesh>(null);
  const jibs = useRef<THREE.InstancedMesh>(null);
  const cables = useRef<THREE.InstancedMesh>(null);
  const loads = useRef<THREE.InstancedMesh>(null);
  const floorHeight = useMemo(() => new Map(district.buildings.map((b) => [b.id, b.floorHeight])), [district]);
  const carY = useRef(district.elevators.map(() => 1.2));
  const slew = useRef(district.cranes.map(() => 0));
  const radius = useRef(district.cranes.map((c) => c.loadMomentCurve[0]!.radiusM));

  useFrame(({ camera, controls }, delta) => {
    const snap = live();
    // Lift cars are inside the buildings: drawn only up close, where a cutaway can show them.
    if (cars.current) cars.current.visible = viewDistance(camera, controls) < CARS_WITHIN_M;
    const k = Math.min(1, delta * 3);
    const c = cars.current;
    if (c) {
      district.elevators.forEach((e, i) => {
        const pose = snap.elevators[e.id];
        const target = ((pose?.floor ?? 1) - 1) * (floorHeight.get(e.buildingId) ?? 3) + 1.2;
        carY.current[i] = ease(carY.current[i]!, target, k);
        tmp.position.set(...toScene(e.x, e.y, carY.current[i]!));
        tmp.rotation.set(0, 0, 0);
        tmp.scale.set(1.6, 2.4, 1.6);
        tmp.updateMatrix();
        c.setMatrixAt(i, tmp.matrix);
        c.setColorAt(i, pose?.doorOpen ? DOOR_OPEN : DOOR_SHUT);
      });
      c.instanceMatrix.needsUpdate = true;
      if (c.instanceColor) c.instanceColor.needsUpdate = true;
    }
    if (masts.current && jibs.current && cables.current && loads.current) {
      district.cranes.forEach((crane, i) => {
        const pose = snap.cranes[crane.id];
        // Ease along the shorter way round.
        const want = pose?.slewDeg ?? slew.current[i]!;
        const diff = ((want - slew.current[i]! + 540) % 360) - 180;
        slew.current[i] = slew.current[i]! + diff * k;
        radius.current[i] = ease(radius.current[i]!, pose?.radiusM ?? radius.current[i]!, k);
        const a = (slew.current[i]! * Math.PI) / 180;
        const [mx, , mz] = toScene(crane.x, crane.y, 0);
        const H = crane.heightM;
        tmp.rotation.set(0, 0, 0);
        tmp.position.set(mx, H / 2, mz); tmp.scale.set(1.6, H, 1.6); tmp.updateMatrix();
        masts.current!.setMatrixAt(i, tmp.matrix);
        // The jib (with a 12 m counter-jib) turns about the mast top; slew is clockwise seen from above.
        const jibLen = crane.jibLengthM + 12;
        const dirX = Math.cos(a), dirZ = Math.sin(a);
        tmp.position.set(mx + dirX * (jibLen / 2 - 12), H + 0.8, mz + dirZ * (jibLen / 2 - 12));
        tmp.rotation.set(0, -a, 0); tmp.scale.set(jibLen, 1.2, 1.2); tmp.updateMatrix();
        jibs.current!.setMatrixAt(i, tmp.matrix);
        const r = radius.current[i]!;
        const hookY = Math.max(4, H * 0.45);
        tmp.rotation.set(0, 0, 0);
        tmp.position.set(mx + dirX * r, (H + hookY) / 2, mz + dirZ * r); tmp.scale.set(0.15, H - hookY, 0.15); tmp.updateMatrix();
        cables.current!.setMatrixAt(i, tmp.matrix);
        const load = pose?.loadKg ?? 0;
        const s = load > 50 ? 2.5 : 0.001;
        tmp.position.set(mx + dirX * r, hookY - 1.2, mz + dirZ * r); tmp.scale.set(s, s, s); tmp.updateMatrix();
        loads.current!.setMatrixAt(i, tmp.matrix);
      });
      for (const m of [masts.current, jibs.current, cables.current, loads.current]) m.instanceMatrix.needsUpdate = true;
    }
    onProbe?.({
      elevators: district.elevators.length, cranes: district.cranes.length,
      elevatorY: (id) => { const i = district.elevators.findIndex((e) => e.id === id); return i < 0 ? null : carY.current[i]!; },
      craneSlew: (id) => { const i = district.cranes.findIndex((c) => c.id === id); return i < 0 ? null : slew.current[i]!; },
    });
  });

  const n = (items: unknown[]) => Math.max(items.length, 1);
  return (
    <group name="movers">
      {district.elevators.length > 0 && <instancedMesh ref={cars} args={[box, carMaterial, n(district.elevators)]} name="elevator-cars" frustumCulled={false} />}
      {district.cranes.length > 0 && <>
        <instancedMesh ref={masts} args={[box, craneMaterial, n(district.cranes)]} name="crane-masts" frustumCulled={false} />
        <instancedMesh ref={jibs} args={[box, craneMaterial, n(district.cranes)]} name="crane-jibs" frustumCulled={false} />
        <instancedMesh ref={cables} args={[box, cableMaterial, n(district.cranes)]} name="crane-cables" frustumCulled={false} />
        <instancedMesh ref={loads} args={[box, loadMaterial, n(district.cranes)]} name="crane-loads" frustumCulled={false} />
      </>}
    </group>
  );
});
