// The alarms the journal holds for a window, each as last recorded: the snapshot's open alarms, then the
// archive's segments and the live journal in order (later records replace earlier ones). Read in a worker
// for the KPIs; a line that does not parse is skipped here (the start-up reader is the strict one).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StoredAlarm } from '../core/alarmEngine';
import { snapshotFileOf } from './journal';

export function readAlarmHistory(file: string, from: number, to: number): { alarms: StoredAlarm[]; earliest: number | null } {
  const byId = new Map<string, StoredAlarm>();
  let earliest: number | null = null;
  const take = (s: StoredAlarm) => {
    byId.set(s.alarm.id, s);
    if (earliest === null || s.alarm.raisedAt < earliest) earliest = s.alarm.raisedAt;
  };
  const snap = snapshotFileOf(file);
  if (existsSync(snap)) {
    try { for (const s of (JSON.parse(readFileSync(snap, 'utf8')) as { alarms?: StoredAlarm[] }).alarms ?? []) take(s); } catch { /* the journal still has them */ }
  }
  const archive = join(dirname(file), 'archive');
  const stem = basename(file, '.jsonl');
  const segments = existsSync(archive) ? readdirSync(archive).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.jsonl')).sort().map((f) => join(archive, f)) : [];
  for (const segment of [...segments, ...(existsSync(file) ? [file] : [])]) {
    for (const line of readFileSync(segment, 'utf8').split('\n')) {
      if (!line.startsWith('{"t":"alarm"')) continue;
      try { take((JSON.parse(line) as { s: StoredAlarm }).s); } catch { /* a torn line */ }
    }
  }
  // Whatever was raised before the window's end and not closed before its start.
  const alarms = [...byId.values()].filter((s) => s.alarm.raisedAt < to && !(s.alarm.state === 'closed' && s.history.at(-1)!.at < from));
  return { alarms, earliest };
}
