// A drill's report as the 3D twin reads it, at a moment: the devices as they showed and the people where
// they were. The replay page and the editor's "try it" both step through a report this way.
import type { DrillSnapshot, PlayerRow } from './net/drillRoom';
import type { LiveSnapshot } from './net/liveRoom';

export interface ReplayReport {
  drillId: string; scenario: { title: { zh: string; en: string } }; durationS: number;
  timeline: { simS: number; kind: string; text: string; zh?: string }[];
  replay: { players: { id: string; name: string; role: string }[]; frames: { simS: number; players: { id: string; x: number; y: number }[] }[]; devices: { simS: number; deviceId: string; display: string; level: string }[]; casualties: { simS: number; id: string; x: number; y: number; text: string }[] };
}

/** The frame at or before `t` (frames are in time order). */
function frameAt(frames: ReplayReport['replay']['frames'], t: number) {
  let lo = 0, hi = frames.length - 1, best = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (frames[mid]!.simS <= t) { best = mid; lo = mid + 1; } else hi = mid - 1; }
  return best >= 0 ? frames[best] : undefined;
}

/** What the scene reads each frame (cached until the moment changes). */
export function replayView(report: ReplayReport | null, now: () => number): () => LiveSnapshot & Pick<DrillSnapshot, 'players' | 'casualties'> {
  const empty: LiveSnapshot = { status: 'connected', synced: true, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null };
  let cacheT = -1, cache: LiveSnapshot & Pick<DrillSnapshot, 'players' | 'casualties'> = { ...empty, players: [], casualties: [] };
  return () => {
    const t = now();
    if (!report || t === cacheT) return cache;
    cacheT = t;
    const devices: LiveSnapshot['devices'] = {};
    for (const d of report.replay.devices) { if (d.simS > t) break; if (d.display === 'normal') delete devices[d.deviceId]; else devices[d.deviceId] = { id: d.deviceId, display: d.display, level: d.level }; }
    const frame = frameAt(report.replay.frames, t);
    const players: PlayerRow[] = (frame?.players ?? []).map((p) => {
      const who = report.replay.players.find((x) => x.id === p.id);
      return { id: p.id, name: who?.name ?? p.id, role: (who?.role ?? 'observer') as PlayerRow['role'], x: p.x, y: p.y, hasPlace: true, moving: false, connected: true, carriesAed: false, lastAction: '', lastActionZh: '' };
    });
    const casualties = report.replay.casualties.filter((c) => c.simS <= t).map((c) => ({ ...c, treated: false }));
    cache = { ...empty, devices, players, casualties };
    return cache;
  };
}
