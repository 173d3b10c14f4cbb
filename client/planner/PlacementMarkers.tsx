// The candidate places in 3D, one instanced mesh: installed (blue), planned (green), open places coloured
// by what they would catch (red: a vulnerable home nothing watches). A click adds or removes a sensor;
// dragging a planned one onto another place moves it there. Hovering names the place.
import { Html } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import * as THREE from 'three';
import type { Candidate } from '../../twin-assets/placement';
import { toScene } from '../scene/coords';
import { probe } from '../scene/TwinScene';

const INSTALLED = new THREE.Color('#3b82f6'), PLANNED = new THREE.Color('#22c55e'), COOL = new THREE.Color('#64748b'), HOT = new THREE.Color('#ef4444'), TARGET = new THREE.Color('#facc15');

export function PlacementMarkers({ candidates, fixed, chosen, heat, names, onToggle, onMove }: {
  candidates: Candidate[]; fixed: ReadonlySet<string>; chosen: ReadonlySet<string>;
  /** 0–1 per candidate: how much uncovered impact it would catch. */
  heat: number[];
  /** What a person calls each place, in the page's language. */
  names: (id: string) => string;
  onToggle(id: string): void;
  onMove(from: string, to: string): void;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const sphere = useMemo(() => new THREE.SphereGeometry(1.5, 16, 12), []);
  const material = useMemo(() => new THREE.MeshStandardMaterial({ roughness: 0.4, depthTest: false }), []);
  const positions = useMemo(() => candidates.map((c) => new THREE.Vector3(...toScene(c.x, c.y, c.z))), [candidates]);
  const [hovered, setHovered] = useState<number | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const controls = useThree((s) => s.controls) as unknown as { enabled: boolean } | null;
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);

  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    const tmp = new THREE.Object3D(), colour = new THREE.Color();
    candidates.forEach((c, i) => {
      tmp.position.copy(positions[i]!);
      tmp.scale.setScalar((chosen.has(c.id) ? 1.4 : 1) * (i === hovered ? 1.5 : 1));
      tmp.updateMatrix();
      m.setMatrixAt(i, tmp.matrix);
      m.setColorAt(i, dragging !== null && i === hovered && !chosen.has(c.id) ? TARGET : fixed.has(c.id) ? INSTALLED : chosen.has(c.id) ? PLANNED : colour.copy(COOL).lerp(HOT, heat[i] ?? 0));
    });
    m.count = candidates.length;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
  }, [candidates, positions, fixed, chosen, heat, hovered, dragging]);

  // A drag released off the markers ends without a move, and gives the camera back.
  useEffect(() => {
    if (dragging === null) return;
    const end = () => { setDragging(null); if (controls) controls.enabled = true; };
    window.addEventListener('pointerup', end);
    return () => window.removeEventListener('pointerup', end);
  }, [dragging, controls]);

  const index = useMemo(() => new Map(candidates.map((c, i) => [c.id, i])), [candidates]);
  useFrame(() => {
    probe().candidateScreenOf = (id) => {
      const i = index.get(id);
      if (i === undefined) return null;
      const v = positions[i]!.clone().project(camera);
      return { x: ((v.x + 1) / 2) * size.width, y: ((1 - v.y) / 2) * size.height };
    };
  });

  const movable = (i: number) => chosen.has(candidates[i]!.id) && !fixed.has(candidates[i]!.id);
  return (
    <>
      <instancedMesh ref={mesh} args={[sphere, material, Math.max(candidates.length, 1)]} name="planner-candidates" renderOrder={11}
        onPointerMove={(e) => { e.stopPropagation(); setHovered(e.instanceId ?? null); }}
        onPointerOut={() => setHovered(null)}
        onPointerDown={(e) => {
          if (e.instanceId === undefined || !movable(e.instanceId)) return;
          e.stopPropagation();
          setDragging(e.instanceId);
          if (controls) controls.enabled = false;
        }}
        onPointerUp={(e) => {
          if (dragging === null || e.instanceId === undefined || e.instanceId === dragging) return;
          const to = candidates[e.instanceId]!.id;
          if (!chosen.has(to)) onMove(candidates[dragging]!.id, to);
        }}
        onClick={(e) => {
          e.stopPropagation();
          // A drag ends in a click too: only a click that stayed put toggles.
          if (e.delta > 4 || e.instanceId === undefined || fixed.has(candidates[e.instanceId]!.id)) return;
          onToggle(candidates[e.instanceId]!.id);
        }} />
      {hovered !== null && candidates[hovered] && (
        <Html position={positions[hovered]!} center style={{ transform: 'translateY(-26px)', pointerEvents: 'none' }}>
          <div className="tooltip" data-testid="planner-hover">{names(candidates[hovered]!.id)}</div>
        </Html>
      )}
    </>
  );
}
