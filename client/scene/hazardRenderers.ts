// How the scene draws each kind of hazard (a model's `drawing`, scenarios/hazards/define.ts): the meshes of its
// group set from its view, each frame. A kind without a renderer does not compile, and a new model picks one
// of these in its own file. Pure but for three.js objects, so a test runs them without a browser.
import * as THREE from 'three';
import type { Drawing } from '../../scenarios/hazards/define';
import type { HazardView } from '../../scenarios/hazardView';
import { toScene } from './coords';

export const GEOMETRY = {
  sphere: new THREE.SphereGeometry(1, 24, 12),
  cone: new THREE.ConeGeometry(0.5, 1, 12).translate(0, 0.5, 0),
  cube: new THREE.BoxGeometry(1, 1, 1).translate(0, 0.5, 0),
  ring: new THREE.RingGeometry(2.2, 3, 32).rotateX(-Math.PI / 2),
  beam: new THREE.CylinderGeometry(0.4, 0.4, 1, 8, 1, true).translate(0, 0.5, 0),
};
const LOW = new THREE.Color('#e3b341'), HIGH = new THREE.Color('#f85149');
const colour = new THREE.Color();

/** A hazard's two meshes and their materials: the main shape, and a second one (smoke over a flame, a beam over a ring). */
export interface HazardMeshes { main: THREE.Mesh; extra: THREE.Mesh; mainMaterial: THREE.MeshBasicMaterial; extraMaterial: THREE.MeshBasicMaterial }
/** Sets the meshes from the view (both start hidden); true when the caption should show though neither mesh does. */
export type HazardRenderer = (h: HazardView, m: HazardMeshes) => boolean | void;

export const RENDERERS = {
  // The room's air, as thick as its gas: from a wisp at the first grade to solid at the LEL.
  room_air: (h, { main, mainMaterial }) => {
    const [sx, sy, sz] = toScene(h.x, h.y, h.z);
    main.geometry = GEOMETRY.sphere;
    const r = Math.max(1.5, h.sizeM * 0.7);
    main.position.set(sx, sy - r * 0.3, sz); main.scale.setScalar(r);
    mainMaterial.color.copy(colour.copy(LOW).lerp(HIGH, h.level));
    mainMaterial.opacity = 0.1 + 0.6 * h.level;
    main.visible = h.level > 0.02;
  },
  // An ellipsoid along the wind, as long, wide and high as the cloud (its lower half underground).
  plume: (h, { main, mainMaterial }) => {
    const [sx, sy, sz] = toScene(h.x, h.y, h.z);
    main.geometry = GEOMETRY.sphere;
    const a = (h.headingDeg * Math.PI) / 180;
    const half = h.sizeM / 2;
    main.position.set(sx + Math.sin(a) * half, sy, sz - Math.cos(a) * half);
    main.rotation.set(0, -a, 0);
    main.scale.set(Math.max(h.widthM, 1), Math.max(h.heightM, 1), Math.max(half, 0.5));
    mainMaterial.color.copy(colour.copy(LOW).lerp(HIGH, h.level));
    mainMaterial.opacity = 0.15 + 0.5 * h.level;
    main.visible = h.sizeM > 0.5;
  },
  // The flame (its height in widthM) and the smoke filling the room from the ceiling down.
  fire: (h, { main, extra, mainMaterial, extraMaterial }) => {
    const [sx, sy, sz] = toScene(h.x, h.y, h.z);
    main.geometry = GEOMETRY.cone;
    main.position.set(sx, sy, sz); main.scale.set(Math.max(0.4, h.widthM * 0.6), Math.max(0.05, h.widthM), Math.max(0.4, h.widthM * 0.6));
    mainMaterial.color.set('#ff7b29'); mainMaterial.opacity = 0.85;
    main.visible = h.widthM > 0.05;
    extra.geometry = GEOMETRY.cube;
    extra.position.set(sx, sy, sz); extra.scale.set(h.sizeM, h.sizeM * 0.9, h.sizeM);
    extraMaterial.opacity = Math.min(0.85, 0.08 + 0.77 * h.level);
    extra.visible = h.level > 0.01;
  },
  // Where the person lies: a ring on the ground and a beam to find it from afar.
  fall: (h, { main, extra, mainMaterial, extraMaterial }) => {
    const [sx, , sz] = toScene(h.x, h.y, h.z);
    main.geometry = GEOMETRY.ring; main.position.set(sx, 0.1, sz); main.scale.setScalar(1);
    mainMaterial.color.set('#f85149'); mainMaterial.opacity = 0.9;
    main.visible = h.level >= 1;
    extra.geometry = GEOMETRY.beam; extra.position.set(sx, 0, sz); extra.scale.set(1, 40, 1);
    extraMaterial.color.set('#f85149'); extraMaterial.opacity = 0.35;
    extra.visible = h.level >= 1;
  },
  // The water itself is the zone's surface (HazardLayers); the caption shows once there is any.
  water: (h) => h.value > 0.02,
  // Drawn by its mover (a crane's jib, a lift's car); the caption alone.
  mover: () => {},
} satisfies Record<Drawing, HazardRenderer>;
