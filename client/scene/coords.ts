// District frame (x east, y north, z up) → three.js frame (x right, y up, z towards the viewer).
export function toScene(x: number, y: number, z: number): [number, number, number] {
  return [x, z, -y];
}

/** How far the camera stands from what it looks at (the orbit controls' target), for drawing by distance; 0
 * when there are no controls yet. */
export function viewDistance(camera: { position: { distanceTo(v: unknown): number } }, controls: unknown): number {
  const target = (controls as { target?: unknown } | null)?.target;
  return target ? camera.position.distanceTo(target) : 0;
}
