// Names and roles over the drill's people, so the trainer sees who is where ("刘芳 · 网格员"), not
// coordinates: a DOM label per player with a place, in a layer over the canvas, moved in useFrame to the
// figure's head (no React render per move).
import { labelWidth, onCanvas, reservedLabels } from './labelSpace';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { ROLE_LABELS, type Lang } from '../../twin-assets/labels';
import type { DrillSnapshot } from '../net/drillRoom';
import { ROLE_COLOURS } from './Avatars';
import { toScene } from './coords';

export function AvatarLabels({ view, lang }: { view: () => Pick<DrillSnapshot, 'players'>; lang: Lang }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const layer = useMemo(() => Object.assign(document.createElement('div'), { className: 'avatar-labels' }), []);
  const labels = useRef(new Map<string, HTMLDivElement>());
  useEffect(() => {
    gl.domElement.parentElement?.appendChild(layer);
    return () => { layer.remove(); for (const id of labels.current.keys()) reservedLabels.delete(`person:${id}`); };
  }, [gl, layer]);
  useFrame(() => {
    const seen = new Set<string>();
    for (const p of view().players) {
      if (!p.hasPlace) continue;
      seen.add(p.id);
      let el = labels.current.get(p.id);
      if (!el) {
        el = Object.assign(document.createElement('div'), { className: 'avatar-label' });
        el.dataset.testid = 'avatar-label';
        el.dataset.label = '';
        layer.appendChild(el);
        labels.current.set(p.id, el);
      }
      const text = `${p.name} · ${ROLE_LABELS[p.role]?.[lang] ?? p.role}`;
      if (el.textContent !== text) el.textContent = text;
      el.style.borderColor = ROLE_COLOURS[p.role] ?? '#fff';
      el.classList.toggle('gone', !p.connected);
      const at = onCanvas(toScene(p.x, p.y, 9), camera, size);
      el.style.display = at ? '' : 'none';
      if (!at) { reservedLabels.delete(`person:${p.id}`); continue; }
      el.style.transform = `translate(${at.x}px, ${at.y}px) translate(-50%, -100%)`;
      const half = labelWidth(text, 16) / 2;
      reservedLabels.set(`person:${p.id}`, { x0: at.x - half, x1: at.x + half, y0: at.y - 22, y1: at.y });
    }
    for (const [id, el] of labels.current) if (!seen.has(id)) { el.remove(); labels.current.delete(id); reservedLabels.delete(`person:${id}`); }
  });
  return null;
}
