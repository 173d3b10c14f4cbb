// Courtyard and building names over the twin, readable at any zoom: one overlay with a fixed pool of
// labels, filled each few frames with the nearest names in view (courtyards from afar, buildings up
// close). The text is the page's own (system CJK fonts), so it needs no network and no glyph atlas.
import { labelWidth, reservedLabels, type LabelBox } from './labelSpace';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import type { Lang } from '../../twin-assets/labels';
import { districtBounds } from './cityGeometry';
import { toScene } from './coords';

const POOL = 40, EVERY_FRAMES = 6;
/** A label's height on screen, one line (its width: labelWidth). */
const LINE_PX = 18;
/** How near the camera a kind of name is shown, and which kind goes first when the pool is full. Courtyards reach
 * at least the whole district (see `reachOf`): the first view, over all of it, names its places. */
const WITHIN_M = { courtyard: 1500, road: 700, building: 320 } as const;
const reachOf = (d: District) => ({ ...WITHIN_M, courtyard: Math.max(WITHIN_M.courtyard, 1.1 * districtBounds(d).extent) });
const ORDER = { courtyard: 0, road: 1, building: 2 } as const;

export interface PlaceLabel { text: string; kind: keyof typeof WITHIN_M; at: THREE.Vector3 }

/** Each named road once, at the middle of its longest segment. */
function roadLabels(d: District, lang: Lang): PlaceLabel[] {
  const nodes = new Map(d.streets.nodes.map((n) => [n.id, n]));
  const longest = new Map<string, { len: number; x: number; y: number }>();
  for (const e of d.streets.edges) {
    if (!e.name) continue;
    const a = nodes.get(e.from)!, b = nodes.get(e.to)!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const name = e.name[lang];
    if ((longest.get(name)?.len ?? -1) < len) longest.set(name, { len, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  }
  return [...longest].map(([text, p]) => ({ text, kind: 'road', at: new THREE.Vector3(...toScene(p.x, p.y, 0.5)) }));
}

/** The labels a district has: each courtyard at its middle, each named road along it, each building over its roof. */
export function placeLabels(d: District, lang: Lang): PlaceLabel[] {
  return [
    ...roadLabels(d, lang),
    ...d.courtyards.filter((c) => c.kind !== 'street').map((c): PlaceLabel => ({ text: c.name[lang], kind: 'courtyard', at: new THREE.Vector3(...toScene(c.x, c.y, 1)) })),
    ...d.buildings.map((b): PlaceLabel => ({ text: b.name[lang], kind: 'building', at: new THREE.Vector3(...toScene(b.x, b.y, (b.underground ? 0 : b.floors * b.floorHeight) + 2)) })),
  ];
}

/** Inside the Canvas; `overlay` is a plain element over it (the labels are DOM, not WebGL). */
export function PlaceLabels({ district, lang, overlay }: { district: District; lang: Lang; overlay: RefObject<HTMLDivElement | null> }) {
  const labels = useMemo(() => placeLabels(district, lang), [district, lang]);
  const within = useMemo(() => reachOf(district), [district]);
  const spans = useRef<HTMLSpanElement[]>([]);
  useEffect(() => {
    const el = overlay.current;
    if (!el) return;
    spans.current = Array.from({ length: POOL }, () => { const span = el.appendChild(Object.assign(document.createElement('span'), { className: 'place-label' })); span.dataset.label = ''; return span; });
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
      .filter(({ l, dist }) => dist < within[l.kind])
      .sort((a, b) => (a.l.kind === b.l.kind ? a.dist - b.dist : ORDER[a.l.kind] - ORDER[b.l.kind]));
    let k = 0;
    // A label that would overlap one already placed is left out: readable names rather than a pile of them.
    const placed: LabelBox[] = [...reservedLabels.values()]; // people's and hazards' first: a place's name gives way
    for (const { l } of shown) {
      if (k >= POOL) break;
      v.copy(l.at).project(camera);
      if (v.z > 1 || Math.abs(v.x) > 1.05 || Math.abs(v.y) > 1.05) continue;
      const ax = Math.round(((v.x + 1) / 2) * size.width), y = Math.round(((1 - v.y) / 2) * size.height);
      // A label near the view's edge is moved in rather than cut (a phone's view is narrow): read whole, beside its place.
      const w = labelWidth(l.text) / 2;
      const x = Math.round(Math.min(Math.max(ax, w), Math.max(w, size.width - w)));
      const box = { x0: x - w, x1: x + w, y0: y - LINE_PX, y1: y };
      if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) continue;
      placed.push(box);
      const span = spans.current[k++];
      if (!span) continue;
      if (span.textContent !== l.text) span.textContent = l.text;
      span.className = `place-label ${l.kind}`;
      span.style.transform = `translate(${x}px, ${y}px) translate(-50%, -100%)`;
      span.style.display = '';
    }
    for (; k < POOL; k++) { const span = spans.current[k]; if (span) span.style.display = 'none'; }
  });
  return null;
}
