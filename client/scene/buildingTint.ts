// Which building is in alarm, seen at a glance: a building with an open alarm is tinted its alarm's colour
// (unacknowledged red before acknowledged orange), from the street's far end as from its door. A detector's
// marker is a few pixels; a building is what a person looks for. Pure, so it is unit-tested; City.tsx writes
// the colours into the merged building mesh when the set of buildings in alarm changes.
import * as THREE from 'three';
import { DISPLAY_COLORS } from './palette';

export type AlarmTint = 'alarm_unacked' | 'alarm_acked';
/** How far a building's own colour goes toward its alarm's (its baked light stays readable through it). */
export const TINT_AMOUNT = 0.6;

/** Each building with an open alarm, by its most urgent one. */
export function buildingsInAlarm(alarms: readonly { buildingId: string; state: string }[]): Map<string, AlarmTint> {
  const out = new Map<string, AlarmTint>();
  for (const a of alarms) {
    if (!a.buildingId) continue;
    const tint: AlarmTint | null = a.state === 'active_unacked' ? 'alarm_unacked' : a.state === 'active_acked' ? 'alarm_acked' : null;
    if (tint && out.get(a.buildingId) !== 'alarm_unacked') out.set(a.buildingId, tint);
  }
  return out;
}

/** Where each owner's vertices are in a merged mesh, whose triangles are laid down owner by owner. */
export function ownerRanges(faceOwner: readonly string[]): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  faceOwner.forEach((owner, t) => {
    const r = out.get(owner);
    if (r) r.to = (t + 1) * 3;
    else out.set(owner, { from: t * 3, to: (t + 1) * 3 });
  });
  return out;
}

const tintColour = Object.fromEntries((['alarm_unacked', 'alarm_acked'] as const).map((k) => [k, new THREE.Color(DISPLAY_COLORS[k])])) as Record<AlarmTint, THREE.Color>;

/** A home's colour in alarm, as the legend shows it (before the light baked into walls and roofs). */
export function tintedSwatch(tint: AlarmTint, base: string): string {
  return new THREE.Color(base).lerp(tintColour[tint], TINT_AMOUNT).getStyle();
}

/** The mesh's colours: its own (`base`), with each building in alarm mixed toward its alarm's colour. */
export function tintColours(out: Float32Array, base: Float32Array, ranges: Map<string, { from: number; to: number }>, tints: Map<string, AlarmTint>): void {
  out.set(base);
  for (const [building, tint] of tints) {
    const r = ranges.get(building);
    if (!r) continue;
    const c = tintColour[tint];
    for (let v = r.from; v < r.to; v++) {
      out[v * 3] = base[v * 3]! + (c.r - base[v * 3]!) * TINT_AMOUNT;
      out[v * 3 + 1] = base[v * 3 + 1]! + (c.g - base[v * 3 + 1]!) * TINT_AMOUNT;
      out[v * 3 + 2] = base[v * 3 + 2]! + (c.b - base[v * 3 + 2]!) * TINT_AMOUNT;
    }
  }
}
