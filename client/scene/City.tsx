// The static city: ground, streets, courtyards, buildings (with floor outlines and a cutaway),
// hydrants, manholes, pump stations and stations. Each kind is one merged or instanced draw.
import { useFrame } from '@react-three/fiber';
import { memo, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import type { LiveSnapshot } from '../net/liveRoom';
import { viewStore } from '../state/viewStore';
import { buildingsInAlarm, ownerRanges, tintColours } from './buildingTint';
import { buildingLines, buildingMesh, communityLines, courtyardMesh, pointInstances, streetMesh, undergroundMesh, type Merged } from './cityGeometry';
import { viewDistance } from './coords';
import { Instanced } from './Instanced';

const box = new THREE.BoxGeometry(1, 1, 1);
const cylinder = new THREE.CylinderGeometry(0.5, 0.5, 1, 6, 1, true);
const disc = new THREE.CylinderGeometry(0.5, 0.5, 1, 8);

const FLOOR_LINES_WITHIN_M = 450;
/** Building edges too: from further off, shaded solids read well without them, and lines are dear in software WebGL. */
const EDGE_LINES_WITHIN_M = 900;
/** Street furniture under a metre across (hydrants, manhole covers) is drawn only this near: beyond, it is under a pixel. */
const FURNITURE_WITHIN_M = 700;

/** Everything above this plane is cut away (buildings only), to see a floor's homes. */
const cutPlane = new THREE.Plane(new THREE.Vector3(0, -1, 0), 1e6);
// Each building's colour (by use, its light baked in) comes from its vertices. Solid and unlit: a street of
// see-through PBR boxes costs many times more to fill, and reads as a diagram, not a place. Both sides and the
// clip plane only while cut away, to show the inside: a clip plane makes the shader discard, which costs the
// renderer its early depth test, and back faces are otherwise never seen.
const buildingMaterial = new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.FrontSide });
const lineMaterial = new THREE.LineBasicMaterial({ color: '#7d8a97', transparent: true, opacity: 0.7 });
// Underground structures, seen through the ground while cutting away (and hidden under it otherwise).
const undergroundMaterial = new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.45, depthWrite: false, side: THREE.DoubleSide });
function setCutaway(on: boolean) {
  if ((buildingMaterial.clippingPlanes?.length ?? 0) > 0 === on) return;
  undergroundMaterial.depthTest = !on; undergroundMaterial.needsUpdate = true;
  for (const m of [buildingMaterial, lineMaterial]) { m.clippingPlanes = on ? [cutPlane] : []; m.needsUpdate = true; }
  buildingMaterial.side = on ? THREE.DoubleSide : THREE.FrontSide;
}
const flat = (color: string) => new THREE.MeshLambertMaterial({ color });
// The ground's surfaces are flat: unlit colours look the same and cost least.
const groundMaterial = new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.DoubleSide });
const boundaryMaterial = new THREE.LineBasicMaterial({ color: '#e3b341', transparent: true, opacity: 0.8 });
const communityMaterial = new THREE.LineBasicMaterial({ color: '#a371f7', transparent: true, opacity: 0.9 });
const MATERIALS = {
  hydrant: flat('#d1242f'), manhole: flat('#59636e'), pump: flat('#1f6feb'),
  fireStation: flat('#f85149'), capsule: flat('#f0883e'), emergency: flat('#a371f7'), centre: flat('#e3b341'),
};

export const City = memo(function City({ district, live, onBuildingClick }: { district: District; live: () => LiveSnapshot; onBuildingClick?: (buildingId: string) => void }) {
  const d = district;
  const data = useMemo(() => {
    const { edges, floors } = buildingLines(d);
    const lines = (array: Float32Array) => new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(array, 3));
    const mesh = (m: Merged) => new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(m.positions, 3)).setAttribute('color', new THREE.BufferAttribute(m.colors, 3));
    const b = buildingMesh(d), yards = courtyardMesh(d), streets = streetMesh(d), under = undergroundMesh(d);
    // How many things each merged mesh draws, for the probe (as an InstancedMesh's count would say).
    const owners = (m: Merged) => ({ owners: new Set(m.faceOwner).size });
    return {
      buildings: mesh(b), buildingOfFace: b.faceOwner, buildingColours: b.colors.slice(), buildingRanges: ownerRanges(b.faceOwner), underground: mesh(under), undergroundCount: owners(under), yards: mesh(yards), yardLines: lines(yards.lines), streets: mesh(streets),
      counts: { buildings: owners(b), yards: owners(yards), streets: owners(streets) },
      communities: lines(communityLines(d)), edges: lines(edges), floors: lines(floors),
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
  const edgeLines = useRef<THREE.LineSegments>(null);
  const furniture = useRef<THREE.Group>(null);
  const inAlarm = useRef('');
  useFrame(({ camera, controls }) => {
    // Buildings in alarm tinted, rewritten only when which ones (or how urgent) changes.
    const tints = buildingsInAlarm(live().alarms);
    const key = [...tints].sort().join();
    if (key !== inAlarm.current) {
      inAlarm.current = key;
      const colours = data.buildings.attributes.color as THREE.BufferAttribute;
      tintColours(colours.array as Float32Array, data.buildingColours, data.buildingRanges, tints);
      colours.needsUpdate = true;
    }
    const cut = viewStore.get().cutawayM;
    cutPlane.constant = cut ?? 1e6;
    setCutaway(cut !== null);
    // Floor outlines only up close (or when cutting away): from afar they are clutter, and costly.
    const distance = viewDistance(camera, controls);
    if (floorLines.current) floorLines.current.visible = cut !== null || distance < FLOOR_LINES_WITHIN_M;
    if (furniture.current) furniture.current.visible = distance < FURNITURE_WITHIN_M;
    if (edgeLines.current) edgeLines.current.visible = cut !== null || distance < EDGE_LINES_WITHIN_M;
  });

  return (
    <group name="city">
      <mesh geometry={data.streets} material={groundMaterial} name="streets" userData={data.counts.streets} />
      <mesh geometry={data.yards} material={groundMaterial} name="courtyards" userData={data.counts.yards} />
      {data.yardLines.attributes.position!.count > 0 && <lineSegments geometry={data.yardLines} material={boundaryMaterial} name="courtyard-boundaries" />}
      {data.communities.attributes.position!.count > 0 && <lineSegments geometry={data.communities} material={communityMaterial} name="community-boundaries" />}
      {data.undergroundCount.owners > 0 && <mesh geometry={data.underground} material={undergroundMaterial} name="underground" renderOrder={3} userData={data.undergroundCount} />}
      <mesh geometry={data.buildings} material={buildingMaterial} name="buildings" renderOrder={1} userData={data.counts.buildings}
        onClick={onBuildingClick ? (e) => { if (e.delta < 4 && e.faceIndex != null) { e.stopPropagation(); onBuildingClick(data.buildingOfFace[e.faceIndex]!); } } : undefined} />
      <lineSegments ref={edgeLines} geometry={data.edges} material={lineMaterial} name="building-lines" />
      <lineSegments ref={floorLines} geometry={data.floors} material={lineMaterial} name="floor-lines" />
      <group ref={furniture} name="street-furniture">
        <Instanced instances={data.hydrants} geometry={cylinder} material={MATERIALS.hydrant} name="hydrants" />
        <Instanced instances={data.manholes} geometry={disc} material={MATERIALS.manhole} name="manholes" />
      </group>
      <Instanced instances={data.pumps} geometry={box} material={MATERIALS.pump} name="pump-stations" />
      <Instanced instances={data.fireStations} geometry={box} material={MATERIALS.fireStation} name="micro-fire-stations" />
      <Instanced instances={data.capsules} geometry={box} material={MATERIALS.capsule} name="capsule-stations" />
      <Instanced instances={data.emergency} geometry={box} material={MATERIALS.emergency} name="emergency-stations" />
      <Instanced instances={data.centre} geometry={box} material={MATERIALS.centre} name="governance-centre" />
    </group>
  );
});
