// Names and roles over the drill's people, so the trainer sees who is where ("刘芳 · 网格员"), not
// coordinates: a DOM label per player with a place, in a layer over the canvas, moved in useFrame to the
// figure's head (no React render per move).
import { labelWidth, peopleLabels } from './labelSpace';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { ROLE_LABELS, type Lang } from '../../twin-assets/labels';
import type { DrillSnapshot } from '../net/drillRoom';
import { ROLE_COLOURS } from './Avatars';
import { toScene } from './coords';

const v = new THREE.Vector3();

export function AvatarLabels({ view, lang }: { view: () => Pick<DrillSnapshot, 'players'>; lang: Lang }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const layer = useMemo(() => Object.assign(document.createElement('div'), { className: 'avatar-labels' }), []);
  const labels = useRef(new Map<string, HTMLDivElement>());
  useEffect(() => {
    gl.domElement.parentElement?.appendChild(layer);
    return () => layer.remove();
  }, [gl, layer]);
  useFrame(() => {
    const seen = new Set<string>();
    peopleLabels.length = 0;
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
      v.set(...toScene(p.x, p.y, 9)).project(camera);
      el.style.display = v.z > 1 ? 'none' : '';
      const x = ((v.x + 1) / 2) * size.width, y = ((1 - v.y) / 2) * size.height;
      el.style.transform = `translate(${x}px, ${y}px) translate(-50%, -100%)`;
      if (v.z <= 1) { const half = labelWidth(text, 16) / 2; peopleLabels.push({ x0: x - half, x1: x + half, y0: y - 22, y1: y }); }
    }
    for (const [id, el] of labels.current) if (!seen.has(id)) { el.remove(); labels.current.delete(id); }
  });
  return null;
}
