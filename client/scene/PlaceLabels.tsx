// Courtyard and building names over the twin, readable at any zoom: one overlay with a fixed pool of
// labels, filled each few frames with the nearest names in view (courtyards from afar, buildings up
// close). The text is the page's own (system CJK fonts), so it needs no network and no glyph atlas.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import type { Lang } from '../../twin-assets/labels';
import { toScene } from './coords';

const POOL = 40, COURTYARD_WITHIN_M = 1500, BUILDING_WITHIN_M = 320, EVERY_FRAMES = 6;

export interface PlaceLabel { text: string; kind: 'courtyard' | 'building'; at: THREE.Vector3 }

/** The labels a district has: each courtyard at its middle, each building over its roof. */
export function placeLabels(d: District, lang: Lang): PlaceLabel[] {
  return [
    ...d.courtyards.filter((c) => c.kind !== 'street').map((c): PlaceLabel => ({ text: c.name[lang], kind: 'courtyard', at: new THREE.Vector3(...toScene(c.x, c.y, 1)) })),
    ...d.buildings.map((b): PlaceLabel => ({ text: b.name[lang], kind: 'building', at: new THREE.Vector3(...toScene(b.x, b.y, b.floors * b.floorHeight + 2)) })),
  ];
}

/** Inside the Canvas; `overlay` is a plain element over it (the labels are DOM, not WebGL). */
export function PlaceLabels({ district, lang, overlay }: { district: District; lang: Lang; overlay: RefObject<HTMLDivElement | null> }) {
  const labels = useMemo(() => placeLabels(district, lang), [district, lang]);
  const spans = useRef<HTMLSpanElement[]>([]);
  useEffect(() => {
    const el = overlay.current;
    if (!el) return;
    spans.current = Array.from({ length: POOL }, () => el.appendChild(Object.assign(document.createElement('span'), { className: 'place-label' })));
    for (const span of spans.current) span.style.display = 'none';
    return () => { for (const span of spans.current) span.remove(); spans.current = []; };
  }, [overlay]);
  const frame = useRef(0);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const v = useMemo(() => new THREE.Vector3(), []);
  useFrame(() => {
    if (frame.current++ % EVERY_FRAMES) return;
    const shown = labels
      .map((l) => ({ l, dist: camera.position.distanceTo(l.at) }))
      .filter(({ l, dist }) => dist < (l.kind === 'courtyard' ? COURTYARD_WITHIN_M : BUILDING_WITHIN_M))
      .sort((a, b) => (a.l.kind === b.l.kind ? a.dist - b.dist : a.l.kind === 'courtyard' ? -1 : 1));
    let k = 0;
    for (const { l } of shown) {
      if (k >= POOL) break;
      v.copy(l.at).project(camera);
      if (v.z > 1 || Math.abs(v.x) > 1.05 || Math.abs(v.y) > 1.05) continue;
      const span = spans.current[k++];
      if (!span) continue;
      if (span.textContent !== l.text) span.textContent = l.text;
      span.className = `place-label ${l.kind}`;
      span.style.transform = `translate(${Math.round(((v.x + 1) / 2) * size.width)}px, ${Math.round(((1 - v.y) / 2) * size.height)}px) translate(-50%, -100%)`;
      span.style.display = '';
    }
    for (; k < POOL; k++) { const span = spans.current[k]; if (span) span.style.display = 'none'; }
  });
  return null;
}
