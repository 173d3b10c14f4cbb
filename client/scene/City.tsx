// The static city: ground, streets, courtyards, buildings (with floor outlines and a cutaway),
// hydrants, manholes, pump stations and stations. Each kind is one instanced or merged draw.
import { useFrame } from '@react-three/fiber';
import { memo, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import { viewStore } from '../state/viewStore';
import { buildingInstances, buildingLines, communityLines, courtyardInstances, courtyardOutlines, footprintMesh, pointInstances, streetInstances } from './cityGeometry';
import { Instanced } from './Instanced';

const box = new THREE.BoxGeometry(1, 1, 1);
const plane = new THREE.PlaneGeometry(1, 1).rotateX(-Math.PI / 2);
const cylinder = new THREE.CylinderGeometry(0.5, 0.5, 1, 6, 1, true);
const disc = new THREE.CylinderGeometry(0.5, 0.5, 1, 8);

const FLOOR_LINES_WITHIN_M = 450;

/** Everything above this plane is cut away (buildings only), to see a floor's homes. */
const cutPlane = new THREE.Plane(new THREE.Vector3(0, -1, 0), 1e6);
// White: each building's colour (by use) comes from its instance or its vertices.
const buildingMaterial = new THREE.MeshStandardMaterial({ color: '#ffffff', transparent: true, opacity: 0.22, depthWrite: false, clippingPlanes: [cutPlane] });
const footprintMaterial = new THREE.MeshStandardMaterial({ color: '#ffffff', vertexColors: true, transparent: true, opacity: 0.3, depthWrite: false, clippingPlanes: [cutPlane] });
const lineMaterial = new THREE.LineBasicMaterial({ color: '#7d8a97', transparent: true, opacity: 0.7, clippingPlanes: [cutPlane] });
const flat = (color: string) => new THREE.MeshStandardMaterial({ color });
const yardMaterial = new THREE.MeshStandardMaterial({ vertexColors: true, side: THREE.DoubleSide });
const boundaryMaterial = new THREE.LineBasicMaterial({ color: '#e3b341', transparent: true, opacity: 0.8 });
const communityMaterial = new THREE.LineBasicMaterial({ color: '#a371f7', transparent: true, opacity: 0.9 });
const MATERIALS = {
  courtyard: new THREE.MeshStandardMaterial({ color: '#ffffff' }),
  street: new THREE.MeshStandardMaterial({ color: '#ffffff' }),
  hydrant: flat('#d1242f'), manhole: flat('#59636e'), pump: flat('#1f6feb'),
  fireStation: flat('#f85149'), capsule: flat('#f0883e'), emergency: flat('#a371f7'), centre: flat('#e3b341'),
};

export const City = memo(function City({ district, onBuildingClick }: { district: District; onBuildingClick?: (buildingId: string) => void }) {
  const d = district;
  const data = useMemo(() => {
    const { edges, floors } = buildingLines(d);
    const lines = (array: Float32Array) => new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(array, 3));
    const fp = footprintMesh(d);
    const footprints = new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(fp.positions, 3)).setAttribute('color', new THREE.BufferAttribute(fp.colors, 3));
    footprints.computeVertexNormals();
    const co = courtyardOutlines(d);
    const yards = new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(co.positions, 3)).setAttribute('color', new THREE.BufferAttribute(co.colors, 3));
    yards.computeVertexNormals();
    return {
      footprints, faceBuilding: fp.faceBuilding, yards, yardLines: lines(co.lines), hasYards: co.positions.length > 0, communities: lines(communityLines(d)),
      buildings: buildingInstances(d), edges: lines(edges), floors: lines(floors), courtyards: courtyardInstances(d), streets: streetInstances(d),
      hydrants: pointInstances(d.hydrants, [0.6, 1, 0.6]),
      manholes: pointInstances(d.manholes, [1.2, 0.08, 1.2]),
      pumps: pointInstances(d.pumpStations, [8, 4, 6]),
      fireStations: pointInstances(d.microFireStations, [3, 3, 3], 10),
      capsules: pointInstances(d.capsuleStations, [2.4, 2.4, 1.4]),
      emergency: pointInstances(d.emergencyStations, [3, 3, 3], 10),
      centre: pointInstances(d.governanceCentre ? [d.governanceCentre] : [], [4, 4, 4], 18),
    };
  }, [d]);

  const floorLines = useRef<THREE.LineSegments>(null);
  useFrame(({ camera, controls }) => {
    const cut = viewStore.get().cutawayM;
    cutPlane.constant = cut ?? 1e6;
    // Floor outlines only up close (or when cutting away): from afar they are clutter, and costly.
    const target = (controls as unknown as { target?: THREE.Vector3 } | null)?.target;
    if (floorLines.current) floorLines.current.visible = cut !== null || (target ? camera.position.distanceTo(target) < FLOOR_LINES_WITHIN_M : true);
  });

  return (
    <group name="city">
      <Instanced instances={data.streets} geometry={box} material={MATERIALS.street} name="streets" />
      <Instanced instances={data.courtyards} geometry={plane} material={MATERIALS.courtyard} name="courtyards" />
      {data.hasYards && <mesh geometry={data.yards} material={yardMaterial} name="courtyard-outlines" />}
      {data.hasYards && <lineSegments geometry={data.yardLines} material={boundaryMaterial} name="courtyard-boundaries" />}
      {data.communities.attributes.position!.count > 0 && <lineSegments geometry={data.communities} material={communityMaterial} name="community-boundaries" />}
      <Instanced instances={data.buildings} geometry={box} material={buildingMaterial} name="buildings" renderOrder={1} onPick={onBuildingClick ? (i) => onBuildingClick(data.buildings.ids![i]!) : undefined} />
      {data.faceBuilding.length > 0 && (
        <mesh geometry={data.footprints} material={footprintMaterial} name="building-footprints" renderOrder={1}
          onClick={onBuildingClick ? (e) => { if (e.delta < 4 && e.faceIndex != null) { e.stopPropagation(); onBuildingClick(data.faceBuilding[e.faceIndex]!); } } : undefined} />
      )}
      <lineSegments geometry={data.edges} material={lineMaterial} name="building-lines" />
      <lineSegments ref={floorLines} geometry={data.floors} material={lineMaterial} name="floor-lines" />
      <Instanced instances={data.hydrants} geometry={cylinder} material={MATERIALS.hydrant} name="hydrants" />
      <Instanced instances={data.manholes} geometry={disc} material={MATERIALS.manhole} name="manholes" />
      <Instanced instances={data.pumps} geometry={box} material={MATERIALS.pump} name="pump-stations" />
      <Instanced instances={data.fireStations} geometry={box} material={MATERIALS.fireStation} name="micro-fire-stations" />
      <Instanced instances={data.capsules} geometry={box} material={MATERIALS.capsule} name="capsule-stations" />
      <Instanced instances={data.emergency} geometry={box} material={MATERIALS.emergency} name="emergency-stations" />
      <Instanced instances={data.centre} geometry={box} material={MATERIALS.centre} name="governance-centre" />
    </group>
  );
});
