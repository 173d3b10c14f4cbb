// The drill's people: one instanced capsule per player with a place, coloured by role, eased toward
// the position the server sends; casualties as red markers until treated. Read in useFrame.
import { useFrame } from '@react-three/fiber';
import { memo, useRef } from 'react';
import * as THREE from 'three';
import type { DrillSnapshot } from '../net/drillRoom';
import { toScene } from './coords';

export const ROLE_COLOURS: Record<string, string> = { commander: '#f0b429', grid_worker: '#3fb950', firefighter: '#f85149', medic: '#ffffff', trainer: '#a371f7', observer: '#8b949e' };
const MAX = 128;
// Drawn larger than life (as device markers are): a 1.8 m person vanishes at the distances a district is seen from.
const body = new THREE.CapsuleGeometry(1.5, 3, 4, 8);
const material = new THREE.MeshStandardMaterial({ color: '#ffffff' });
const casualtyGeometry = new THREE.CylinderGeometry(1.2, 1.2, 0.4, 12);
const casualtyMaterial = new THREE.MeshStandardMaterial({ color: '#ffffff' });
const HURT = new THREE.Color('#d1242f'), TREATED = new THREE.Color('#3fb950');
const tmp = new THREE.Object3D();
const colour = new THREE.Color();

export interface AvatarProbe { count: number; positions(): Record<string, [number, number]> }

/** `view` gives the players and casualties to draw: the live drill, or a replay frame. */
export const Avatars = memo(function Avatars({ view, onProbe }: { view: () => Pick<DrillSnapshot, 'players' | 'casualties'>; onProbe?: (p: AvatarProbe) => void }) {
  const people = useRef<THREE.InstancedMesh>(null);
  const hurt = useRef<THREE.InstancedMesh>(null);
  const shown = useRef(new Map<string, [number, number]>());

  useFrame((_, delta) => {
    const snap = view();
    const k = Math.min(1, delta * 6);
    const m = people.current;
    if (m) {
      let i = 0;
      for (const p of snap.players) {
        if (!p.hasPlace || i >= MAX) continue;
        const was = shown.current.get(p.id) ?? [p.x, p.y];
        const at: [number, number] = Math.hypot(p.x - was[0], p.y - was[1]) > 50 ? [p.x, p.y] : [was[0] + (p.x - was[0]) * k, was[1] + (p.y - was[1]) * k];
        shown.current.set(p.id, at);
        tmp.position.set(...toScene(at[0], at[1], 3));
        tmp.scale.setScalar(p.connected ? 1 : 0.6);
        tmp.updateMatrix();
        m.setMatrixAt(i, tmp.matrix);
        m.setColorAt(i, colour.set(ROLE_COLOURS[p.role] ?? '#ffffff'));
        i++;
      }
      m.count = i;
      m.instanceMatrix.needsUpdate = true;
      if (m.instanceColor) m.instanceColor.needsUpdate = true;
    }
    const h = hurt.current;
    if (h) {
      snap.casualties.slice(0, MAX).forEach((c, i) => {
        tmp.position.set(...toScene(c.x, c.y, 0.2));
        tmp.scale.setScalar(1);
        tmp.updateMatrix();
        h.setMatrixAt(i, tmp.matrix);
        h.setColorAt(i, c.treated ? TREATED : HURT);
      });
      h.count = Math.min(snap.casualties.length, MAX);
      h.instanceMatrix.needsUpdate = true;
      if (h.instanceColor) h.instanceColor.needsUpdate = true;
    }
    onProbe?.({ count: m?.count ?? 0, positions: () => Object.fromEntries(shown.current) });
  });

  return (
    <>
      <instancedMesh ref={people} args={[body, material, MAX]} name="avatars" frustumCulled={false} />
      <instancedMesh ref={hurt} args={[casualtyGeometry, casualtyMaterial, MAX]} name="casualties" frustumCulled={false} />
    </>
  );
});
