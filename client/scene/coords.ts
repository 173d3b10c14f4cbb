// District frame (x east, y north, z up) → three.js frame (x right, y up, z towards the viewer).
export function toScene(x: number, y: number, z: number): [number, number, number] {
  return [x, z, -y];
}
