// As on the communities' monitoring screens: a new alarm brings the view to it, sounds, and is
// returned so the page can pop it up with its place.
import { useEffect, useRef, useState } from 'react';
import { alarmTone } from '../sound';
import { ALARM_VIEW_UP, viewStore } from '../state/viewStore';
import type { AlarmRow } from './liveRoom';

export function useAlarmFlyTo(alarms: AlarmRow[], ready: boolean): AlarmRow | null {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<AlarmRow | null>(null);
  useEffect(() => {
    if (!ready) return;
    // Alarms already open when the page loads are not news.
    if (seen.current === null) { seen.current = new Set(alarms.map((a) => a.id)); return; }
    const news = alarms.filter((a) => !seen.current!.has(a.id) && a.state === 'active_unacked');
    for (const a of alarms) seen.current.add(a.id);
    const newest = news.sort((a, b) => b.raisedAt - a.raisedAt)[0];
    if (newest) {
      viewStore.flyTo(newest.x, newest.y, newest.z, 90, ALARM_VIEW_UP);
      alarmTone(newest.level);
      setFresh(newest);
    }
  }, [alarms, ready]);
  // The popup goes once the alarm is acknowledged or closed.
  const current = fresh && alarms.find((a) => a.id === fresh.id);
  return current && current.state === 'active_unacked' ? current : null;
}
