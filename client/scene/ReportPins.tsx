// Residents' open hazard reports as pins standing over the ground: one InstancedMesh, read from the live
// snapshot in useFrame. A click opens the report in the console.
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { LiveSnapshot } from '../net/liveRoom';
import { toScene } from './coords';

const MAX = 512;
const PIN_M = 14;
const COLOURS: Record<string, THREE.Color> = { submitted: new THREE.Color('#ff9800'), accepted: new THREE.Color('#ffd54f'), assigned: new THREE.Color('#4fc3f7') };

export function ReportPins({ live, onPick }: { live: () => LiveSnapshot; onPick?(reportId: string): void }) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const ids = useRef<string[]>([]);
  const geometry = useMemo(() => new THREE.ConeGeometry(3, 8, 4).rotateX(Math.PI).translate(0, PIN_M, 0), []);
  const m = useMemo(() => new THREE.Matrix4(), []);
  useFrame(({ clock }) => {
    const pins = mesh.current;
    if (!pins) return;
    const reports = live().reports ?? [];
    const bob = Math.sin(clock.elapsedTime * 3) * 1.5;
    const n = Math.min(reports.length, MAX);
    for (let i = 0; i < n; i++) {
      const r = reports[i]!;
      const [x, y, z] = toScene(r.x, r.y, bob);
      pins.setMatrixAt(i, m.makeTranslation(x, y, z));
      pins.setColorAt(i, COLOURS[r.status] ?? COLOURS.submitted!);
      ids.current[i] = r.id;
    }
    pins.count = n;
    pins.instanceMatrix.needsUpdate = true;
    if (pins.instanceColor) pins.instanceColor.needsUpdate = true;
  });
  return (
    <instancedMesh ref={mesh} name="report-pins" args={[geometry, undefined, MAX]} frustumCulled={false} renderOrder={3}
      onClick={(e) => { e.stopPropagation(); if (e.instanceId !== undefined) onPick?.(ids.current[e.instanceId]!); }}>
      <meshBasicMaterial depthTest={false} transparent opacity={0.95} />
    </instancedMesh>
  );
}
