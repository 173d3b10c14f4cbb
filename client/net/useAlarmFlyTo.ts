// As on the communities' monitoring screens: a new alarm brings the view to it.
import { useEffect, useRef } from 'react';
import { viewStore } from '../state/viewStore';
import type { AlarmRow } from './liveRoom';

export function useAlarmFlyTo(alarms: AlarmRow[], ready: boolean) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!ready) return;
    // Alarms already open when the page loads are not news.
    if (seen.current === null) { seen.current = new Set(alarms.map((a) => a.id)); return; }
    const fresh = alarms.filter((a) => !seen.current!.has(a.id) && a.state === 'active_unacked');
    for (const a of alarms) seen.current.add(a.id);
    const newest = fresh.sort((a, b) => b.raisedAt - a.raisedAt)[0];
    if (newest) viewStore.flyTo(newest.x, newest.y, newest.z, 90);
  }, [alarms, ready]);
}
