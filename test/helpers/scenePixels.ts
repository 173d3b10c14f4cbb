// What the 3D view shows, read from its pixels (the canvas keeps its drawing buffer): the colour at a point, how
// much of the view is in a colour, and when the camera has come to rest.
import type { Page } from 'playwright-core';

export type Rgb = [number, number, number];

/** Waits until the camera has stood still for three drawn frames in a row (a flight over, the controls'
 * damping spent): a condition, so a slow machine waits longer instead of failing. */
export const cameraStill = (page: Page) => page.waitForFunction(() => {
  const w = window as unknown as { __still?: { at: string; frames: number; n: number } };
  const at = window.__twin!.camera!().map((v) => v.toFixed(2)).join();
  const frames = window.__twin!.frames;
  const s = w.__still ?? { at: '', frames: -1, n: 0 };
  if (frames === s.frames) return false; // nothing drawn since the last look: no news
  w.__still = { at, frames, n: at === s.at ? s.n + 1 : 0 };
  return w.__still.n >= 3;
}, null, { polling: 100, timeout: 60_000 });

/** The colours at points of the canvas (CSS pixels from its top left), each the median of the 3×3 around it. */
export const pixelsAt = (page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> => page.evaluate((pts) => {
  const gl = document.querySelector('canvas[data-engine]') as HTMLCanvasElement;
  const k = gl.width / gl.getBoundingClientRect().width;
  const c = Object.assign(document.createElement('canvas'), { width: gl.width, height: gl.height });
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(gl, 0, 0);
  return pts.map(({ x, y }) => {
    const px = ctx.getImageData(Math.round(x * k) - 1, Math.round(y * k) - 1, 3, 3).data;
    const median = (o: number) => [px[o]!, px[o + 4]!, px[o + 8]!, px[o + 12]!, px[o + 16]!, px[o + 20]!, px[o + 24]!, px[o + 28]!, px[o + 32]!].sort((a, b) => a - b)[4]!;
    return [median(0), median(1), median(2)] as [number, number, number];
  });
}, points);

/** The share of the canvas within `tolerance` (per channel) of a colour. */
export const shareOfColour = (page: Page, colour: Rgb, tolerance: number): Promise<number> => page.evaluate(([colour, tolerance]) => {
  const gl = document.querySelector('canvas[data-engine]') as HTMLCanvasElement;
  const c = Object.assign(document.createElement('canvas'), { width: gl.width, height: gl.height });
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(gl, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i]! - colour[0]) <= tolerance && Math.abs(px[i + 1]! - colour[1]) <= tolerance && Math.abs(px[i + 2]! - colour[2]) <= tolerance) n++;
  return n / (px.length / 4);
}, [colour, tolerance] as const);

export const hexRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
