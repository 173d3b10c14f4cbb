// The screen space labels of people and hazards take this frame (AvatarLabels and HazardLayers write it, PlaceLabels
// reads it): a place's name never covers a person's (issue 34: an avatar's label over 社区应急服务站) nor a hazard's
// caption ("厨房燃气泄漏 12 %LEL" over 1栋). Boxes in canvas pixels, each under its owner's key.
import * as THREE from 'three';

export interface LabelBox { x0: number; x1: number; y0: number; y1: number }

/** The boxes reserved this frame, by owner ("person:<id>", "hazard:<id>"); an owner deletes its own when it hides. */
export const reservedLabels = new Map<string, LabelBox>();

/** A label's width in pixels, near enough to keep labels apart: a Chinese character about 13 px, a Latin one 7. */
export const labelWidth = (text: string, padding = 12) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7), 0) + padding;

const v = new THREE.Vector3();
/** Where a scene point is on the canvas, or null behind the camera. */
export function onCanvas(at: THREE.Vector3 | [number, number, number], camera: THREE.Camera, size: { width: number; height: number }): { x: number; y: number } | null {
  (Array.isArray(at) ? v.set(...at) : v.copy(at)).project(camera);
  return v.z > 1 ? null : { x: ((v.x + 1) / 2) * size.width, y: ((1 - v.y) / 2) * size.height };
}
