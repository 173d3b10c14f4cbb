// A drill's kernel written down between two steps, so that after a restart the drill comes back from its
// latest snapshot plus the inputs journalled after it instead of from its first second. The journal stays the
// record: a snapshot is a cache of it. It names the journal's length when it was taken and the hash of the line
// ending there; one that does not match its journal (edited by hand, or cut back), cannot be read, or was
// written by another format or V8 is set aside with the reason, and the drill is replayed from the start.
//
// The state is serialised by V8 (the structured clone algorithm): Maps, Sets, typed arrays and shared objects
// come back as they were — an open alarm indexed three ways in the alarm engine is still one object.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { Incident, type IncidentSetup } from './incident';

/** Bumped whenever what `Incident.saveState` holds changes shape: older snapshots are then set aside. */
const FORMAT = 2;

export interface SnapshotHeader { format: number; v8: string; drillId: string; ticks: number; simS: number; offset: number; line: string }

export const snapshotFileOf = (journalFile: string) => journalFile.replace(/\.jsonl$/, '.snapshot');
const hashOf = (line: Buffer | string) => createHash('sha256').update(line).digest('hex');

/** The kernel's state now, as bytes. */
export function takeSnapshot(incident: Incident): Buffer { return serialize(incident.saveState()); }

/** A new incident from the same setup, then set to a snapshot's state (what `create` said is discarded: the
 * journal has it already). */
export async function restoreSnapshot(setup: IncidentSetup, state: Buffer): Promise<Incident> {
  const { incident } = await Incident.create(setup);
  try {
    incident.loadState(deserialize(state) as ReturnType<Incident['saveState']>);
  } catch (e) {
    incident.free();
    throw e;
  }
  return incident;
}

/** Writes the snapshot beside the journal (a file of its own, replaced whole): taken when the journal's
 * `offset` bytes end with `lastLine`. */
export function writeSnapshot(journalFile: string, incident: Incident, offset: number, lastLine: string): { bytes: number } {
  const header: SnapshotHeader = { format: FORMAT, v8: process.versions.v8, drillId: incident.drillId, ticks: incident.ticks, simS: incident.simS, offset, line: hashOf(lastLine) };
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), takeSnapshot(incident)]);
  const file = snapshotFileOf(journalFile);
  writeFileSync(`${file}.tmp`, body, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return { bytes: body.length };
}

export function removeSnapshot(journalFile: string): void { rmSync(snapshotFileOf(journalFile), { force: true }); }

export type ReadSnapshot = { ok: true; header: SnapshotHeader; state: Buffer } | { ok: false; reason: string } | null;

/** The snapshot beside a journal, if there is one and it fits the journal as it is now (`journal`: its bytes). */
export function readSnapshot(journalFile: string, journal: Buffer): ReadSnapshot {
  const file = snapshotFileOf(journalFile);
  if (!existsSync(file)) return null;
  let header: SnapshotHeader, state: Buffer;
  try {
    const bytes = readFileSync(file);
    const nl = bytes.indexOf(0x0a);
    header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as SnapshotHeader;
    state = bytes.subarray(nl + 1);
  } catch (e) {
    return { ok: false, reason: `its snapshot cannot be read (${(e as Error).message})` };
  }
  if (header.format !== FORMAT || header.v8 !== process.versions.v8) return { ok: false, reason: `its snapshot was written by another version (format ${header.format}, V8 ${header.v8})` };
  const { offset } = header;
  const lineNo = (at: number) => { let n = 1; for (let i = journal.indexOf(0x0a); i !== -1 && i < at; i = journal.indexOf(0x0a, i + 1)) n++; return n; };
  if (!Number.isInteger(offset) || offset < 1 || offset > journal.length || journal[offset - 1] !== 0x0a) {
    return { ok: false, reason: `its snapshot was taken at byte ${offset} of the journal, which ${offset > journal.length ? `now has only ${journal.length} bytes` : `is not the end of a line there (line ${lineNo(offset)})`}` };
  }
  const start = journal.lastIndexOf(0x0a, offset - 2) + 1;
  if (hashOf(journal.subarray(start, offset)) !== header.line) {
    return { ok: false, reason: `its snapshot names line ${lineNo(start) } of the journal, which has changed since it was taken (edited by hand?)` };
  }
  return { ok: true, header, state };
}
