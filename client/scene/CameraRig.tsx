// Flies the camera to a requested spot (a new alarm, a map click, a selected device) and reports
// where it looks for the overview map. OrbitControls keeps working in between.
import { useFrame, useThree } from '@react-three/fiber';
import { useRef } from 'react';
import * as THREE from 'three';
import { viewStore } from '../state/viewStore';
import { toScene } from './coords';

interface Flight { fromPos: THREE.Vector3; fromTarget: THREE.Vector3; toPos: THREE.Vector3; toTarget: THREE.Vector3; t: number }

export function CameraRig() {
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  const camera = useThree((s) => s.camera);
  const seen = useRef(0);
  const flight = useRef<Flight | null>(null);
  const lastReport = useRef(0);

  useFrame((state, delta) => {
    if (!controls) return;
    const req = viewStore.get().flyTo;
    if (req && req.seq !== seen.current) {
      seen.current = req.seq;
      const toTarget = new THREE.Vector3(...toScene(req.x, req.y, req.z));
      const dir = camera.position.clone().sub(controls.target).normalize();
      const minUp = req.minUp ?? 0.5;
      if (dir.y < minUp) { const flat = Math.hypot(dir.x, dir.z) || 1; dir.set((dir.x / flat) * Math.sqrt(1 - minUp ** 2), minUp, (dir.z / flat) * Math.sqrt(1 - minUp ** 2)); }
      flight.current = { fromPos: camera.position.clone(), fromTarget: controls.target.clone(), toTarget, toPos: toTarget.clone().add(dir.multiplyScalar(req.distance)), t: 0 };
    }
    const f = flight.current;
    if (f) {
      f.t = Math.min(1, f.t + delta / 0.9);
      const k = f.t * f.t * (3 - 2 * f.t);
      camera.position.lerpVectors(f.fromPos, f.toPos, k);
      controls.target.lerpVectors(f.fromTarget, f.toTarget, k);
      controls.update();
      if (f.t >= 1) flight.current = null;
    }
    if (state.clock.elapsedTime - lastReport.current > 0.25) {
      lastReport.current = state.clock.elapsedTime;
      const t = controls.target;
      const cur = viewStore.get().target;
      if (Math.abs(cur.x - t.x) > 1 || Math.abs(cur.y + t.z) > 1) viewStore.set({ target: { x: t.x, y: -t.z } });
    }
  });
  return null;
}
