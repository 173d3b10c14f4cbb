// One InstancedMesh from precomputed instances: one draw call however many there are.
import { useLayoutEffect, useRef } from 'react';
import * as THREE from 'three';
import type { Instances } from './cityGeometry';

export function Instanced({ instances, geometry, material, name, renderOrder }: {
  instances: Instances; geometry: THREE.BufferGeometry; material: THREE.Material; name: string; renderOrder?: number;
}) {
  const ref = useRef<THREE.InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    instances.matrices.forEach((m, i) => mesh.setMatrixAt(i, m));
    instances.colors?.forEach((c, i) => mesh.setColorAt(i, c));
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [instances]);
  if (instances.matrices.length === 0) return null;
  return <instancedMesh ref={ref} args={[geometry, material, instances.matrices.length]} name={name} renderOrder={renderOrder} />;
}
