// The candidate detectors in 3D, one instanced mesh: installed (blue), planned (green), open places
// coloured by what they would catch (red: a vulnerable home nothing watches). A click adds or removes one.
import { useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { Candidate } from '../../twin-assets/placement';
import { toScene } from '../scene/coords';

const INSTALLED = new THREE.Color('#3b82f6'), PLANNED = new THREE.Color('#22c55e'), COOL = new THREE.Color('#64748b'), HOT = new THREE.Color('#ef4444');

export function PlacementMarkers({ candidates, fixed, chosen, heat, onToggle }: {
  candidates: Candidate[]; fixed: ReadonlySet<string>; chosen: ReadonlySet<string>;
  /** 0–1 per candidate: how much uncovered impact it would catch. */
  heat: number[];
  onToggle(id: string): void;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const sphere = useMemo(() => new THREE.SphereGeometry(2.6, 16, 12), []);
  const material = useMemo(() => new THREE.MeshStandardMaterial({ roughness: 0.4 }), []);
  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    const tmp = new THREE.Object3D(), colour = new THREE.Color();
    candidates.forEach((c, i) => {
      tmp.position.set(...toScene(c.x, c.y, c.z));
      tmp.scale.setScalar(chosen.has(c.id) ? 1.3 : 1);
      tmp.updateMatrix();
      m.setMatrixAt(i, tmp.matrix);
      m.setColorAt(i, fixed.has(c.id) ? INSTALLED : chosen.has(c.id) ? PLANNED : colour.copy(COOL).lerp(HOT, heat[i] ?? 0));
    });
    m.count = candidates.length;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
  }, [candidates, fixed, chosen, heat]);
  return <instancedMesh ref={mesh} args={[sphere, material, Math.max(candidates.length, 1)]} name="planner-candidates" renderOrder={11}
    onClick={(e) => { e.stopPropagation(); if (e.instanceId !== undefined && !fixed.has(candidates[e.instanceId]!.id)) onToggle(candidates[e.instanceId]!.id); }} />;
}
