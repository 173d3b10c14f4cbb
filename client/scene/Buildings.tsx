// Courtyards as ground patches, buildings as translucent blocks (so the devices inside stay visible).
import { useMemo } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import { toScene } from './coords';

const COURTYARD_COLORS: Record<string, string> = {
  old_courtyard: '#3b3324', estate: '#24343b', construction_site: '#4a3b1f', street: '#2a2d31', station: '#2b2440',
};

const box = new THREE.BoxGeometry(1, 1, 1);
const plane = new THREE.PlaneGeometry(1, 1);
const buildingMaterial = new THREE.MeshStandardMaterial({ color: '#c9d1d9', transparent: true, opacity: 0.28, depthWrite: false });
const edgesMaterial = new THREE.LineBasicMaterial({ color: '#8b98a5' });
const edges = new THREE.EdgesGeometry(box);

export function Buildings({ district }: { district: District }) {
  const courtyardMaterials = useMemo(() => Object.fromEntries(
    Object.entries(COURTYARD_COLORS).map(([k, c]) => [k, new THREE.MeshStandardMaterial({ color: c })])), []);
  return (
    <group>
      {district.courtyards.map((c) => (
        <mesh key={c.id} geometry={plane} material={courtyardMaterials[c.kind]} rotation-x={-Math.PI / 2}
          position={toScene(c.x, c.y, 0.02)} scale={[c.width, c.depth, 1]} name={`courtyard:${c.id}`} />
      ))}
      {district.buildings.map((b) => {
        const height = b.floors * b.floorHeight;
        return (
          <group key={b.id} position={toScene(b.x, b.y, height / 2)} scale={[b.width, height, b.depth]} name={`building:${b.id}`}>
            <mesh geometry={box} material={buildingMaterial} renderOrder={1} />
            <lineSegments geometry={edges} material={edgesMaterial} />
          </group>
        );
      })}
    </group>
  );
}
