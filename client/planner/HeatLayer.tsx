// The coverage heat map on the ground: every incident nothing would detect, as a warm spot weighted by its
// undetected impact (so a home of someone over 70 living alone glows three times as hot). Drawn once per
// placement into a canvas texture on one plane: a single draw call whatever the number of incidents.
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { probe } from '../scene/TwinScene';

const SIZE = 256, SPOT_M = 18;
/** Cold to hot: transparent, amber, red. */
const ramp = (v: number): [number, number, number, number] => [255, Math.round(200 * (1 - v)), 40, Math.round(40 + 190 * v)];

export interface HeatSpot { x: number; y: number; weight: number }

export function HeatLayer({ spots, bounds }: { spots: HeatSpot[]; bounds: { minX: number; maxX: number; minY: number; maxY: number } }) {
  const canvas = useMemo(() => Object.assign(document.createElement('canvas'), { width: SIZE, height: SIZE }), []);
  const texture = useMemo(() => { const t = new THREE.CanvasTexture(canvas); t.colorSpace = THREE.SRGBColorSpace; return t; }, [canvas]);
  const pad = SPOT_M * 2;
  const box = { x0: bounds.minX - pad, y0: bounds.minY - pad, w: bounds.maxX - bounds.minX + 2 * pad, h: bounds.maxY - bounds.minY + 2 * pad };
  const toPx = (x: number, y: number) => ({ u: ((x - box.x0) / box.w) * SIZE, v: (1 - (y - box.y0) / box.h) * SIZE });

  useEffect(() => {
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.clearRect(0, 0, SIZE, SIZE);
    const max = Math.max(...spots.map((s) => s.weight), 1e-9);
    const r = (SPOT_M / box.w) * SIZE;
    // The spots' intensities add up in the alpha channel ('lighter'); then each pixel is coloured from the ramp.
    g.globalCompositeOperation = 'lighter';
    for (const s of spots) {
      const { u, v } = toPx(s.x, s.y);
      const grad = g.createRadialGradient(u, v, 0, u, v, r);
      grad.addColorStop(0, `rgba(255,0,0,${(0.35 + 0.65 * (s.weight / max)).toFixed(3)})`);
      grad.addColorStop(1, 'rgba(255,0,0,0)');
      g.fillStyle = grad;
      g.fillRect(u - r, v - r, 2 * r, 2 * r);
    }
    const img = g.getImageData(0, 0, SIZE, SIZE);
    const intensity = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < SIZE * SIZE; i++) {
      const a = img.data[i * 4 + 3]! / 255;
      intensity[i] = a;
      const [R, G, B, A] = a > 0.02 ? ramp(a) : [0, 0, 0, 0];
      img.data.set([R, G, B, A], i * 4);
    }
    g.globalCompositeOperation = 'source-over';
    g.putImageData(img, 0, 0);
    texture.needsUpdate = true;
    probe().heatAt = (x, y) => { const { u, v } = toPx(x, y); const i = Math.floor(v) * SIZE + Math.floor(u); return u < 0 || v < 0 || u >= SIZE || v >= SIZE ? 0 : intensity[i]!; };
    probe().heatSpots = spots.length;
  }, [spots, canvas, texture, box.x0, box.y0, box.w, box.h]);

  return (
    <mesh rotation-x={-Math.PI / 2} position={[box.x0 + box.w / 2, 0.08, -(box.y0 + box.h / 2)]} name="planner-heat" renderOrder={2}>
      <planeGeometry args={[box.w, box.h]} />
      <meshBasicMaterial map={texture} transparent depthWrite={false} />
    </mesh>
  );
}
