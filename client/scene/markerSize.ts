// How big a device marker is drawn. A marker has a size in metres (its shape fits a sphere of that radius),
// but a fixed size in metres fails both ways: up close a shape the size of a flat covers the roofs, and from the
// far end of a street it is under a pixel. So a marker's base radius is kept between MIN_PX and MAX_PX on
// screen, and a device out of the normal state is drawn larger than that (its pulse and emphasis multiply the
// clamped size, so an alarm still stands out at the clamp). The shader (DeviceMarkers) and the picking sphere
// (what a hover or click hits) both use this, so what is hit is what is drawn.

/** A marker's radius in metres (a detector's shape, a little larger than life to be found), before the clamp. */
export const MARKER_RADIUS_M = 1.4;

/** The base radius of a marker on screen, in CSS pixels, at the nearest and the farthest. */
export const MARKER_PX = { min: 1.5, max: 6 } as const;

/** Pixels a metre covers at unit depth: the projection's vertical scale × half the view's height in CSS pixels. */
export function pixelsPerMetre(projectionYY: number, viewHeightPx: number): number {
  return projectionYY * viewHeightPx / 2;
}

/** By how much a marker `depthM` metres in front of the camera is scaled to stay within MARKER_PX. */
export function markerScale(depthM: number, pxPerMetre: number): number {
  const px = (MARKER_RADIUS_M * pxPerMetre) / Math.max(depthM, 0.01);
  return Math.min(Math.max(px, MARKER_PX.min), MARKER_PX.max) / px;
}

/** The same rule in GLSL, spliced into three's vertex shader after `begin_vertex` (the instance's local vertex,
 * before its matrix): scaling it scales the shape about its own centre. */
export const MARKER_SCALE_GLSL = /* glsl */ `
#include <begin_vertex>
#ifdef USE_INSTANCING
  {
    vec4 markerCentre = modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
    float markerPx = ${MARKER_RADIUS_M.toFixed(2)} * projectionMatrix[1][1] * markerViewHeightPx * 0.5 / max(-markerCentre.z, 0.01);
    transformed *= clamp(markerPx, ${MARKER_PX.min.toFixed(2)}, ${MARKER_PX.max.toFixed(2)}) / markerPx;
  }
#endif
`;
