import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { AlarmEngine } from '../core/alarmEngine';
import { Journal, JournalCorrupt, repairJournal, snapshotFileOf, type JournalRecord } from './journal';

const file = () => join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal-jinhe.jsonl');
const service = (deviceId: string, outOfService = true, at = 1): JournalRecord => ({ t: 'service', at, deviceId, outOfService, by: 'op' });
const line = (r: JournalRecord) => `${JSON.stringify(r)}\n`;

/** A raised gas alarm and its acknowledgement, as the engine stores them. */
function gasAlarm() {
  const engine = new AlarmEngine(bundledIndex(), bundledRules(), false);
  const id = engine.onReading('gas-a2-502', { gas_lel: 40 }, 1000)[0]!.alarm.id;
  const raised = engine.stored(id)!;
  engine.acknowledge(id, { id: 'test', name: 'op' }, 2000);
  return { id, raised, acked: engine.stored(id)! };
}

describe('journal', () => {
  it('commits a batch and replays the latest record of each alarm', async () => {
    const f = file();
    const { journal } = Journal.open(f);
    const { id, raised, acked } = gasAlarm();
    journal.append({ t: 'alarm', at: 1000, s: raised });
    journal.append({ t: 'alarm', at: 2000, s: acked });
    journal.append(service('mh-s-1'));
    expect(readFileSync(f, 'utf8')).toBe(''); // nothing is on disk before the commit
    await journal.commit();
    expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(3);
    journal.close();
    const replayed = Journal.read(f);
    expect(replayed).toMatchObject({ records: 3, torn: null, outOfService: ['mh-s-1'], fromSnapshot: false });
    expect(replayed.alarms.map((s) => [s.alarm.id, s.alarm.state, s.alarm.ackedBy])).toEqual([[id, 'active_acked', 'op']]);
  });

  it('cuts a torn last line off at start and keeps its bytes aside, so the next record starts clean', async () => {
    const f = file();
    const torn = '{"t":"alarm","at":2,"s":{"ala';
    writeFileSync(f, line(service('a')) + torn);
    const logs: string[] = [];
    const { journal, replayed } = Journal.open(f, { log: (l) => logs.push(l) });
    expect(replayed.torn).toEqual({ offset: line(service('a')).length, bytes: torn.length, keptIn: `${f}.torn-${line(service('a')).length}` });
    expect(readFileSync(replayed.torn!.keptIn, 'utf8')).toBe(torn);
    expect(logs.join('\n')).toMatch(new RegExp(`journal .*journal-jinhe.jsonl:2: a last record cut short by a crash \\(${torn.length} bytes at byte \\d+\\)`));
    // The acknowledgement after the crash lands on a line of its own and survives the next restart.
    journal.append(service('b'));
    await journal.commit();
    journal.close();
    expect(Journal.read(f)).toMatchObject({ records: 2, torn: null, outOfService: ['a', 'b'] });
  });

  it('keeps a whole last record that only lacked its newline', async () => {
    const f = file();
    writeFileSync(f, line(service('a')) + JSON.stringify(service('b')));
    const { journal, replayed } = Journal.open(f);
    expect(replayed).toMatchObject({ records: 2, torn: null, outOfService: ['a', 'b'] });
    journal.append(service('c'));
    await journal.commit();
    journal.close();
    expect(Journal.read(f).outOfService).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['invalid JSON', '{"t":"service",,}', /:2: not JSON/],
    ['null', 'null', /:2: not a record \(null\)/],
    ['a record of the wrong shape', '{"t":"service","at":1,"deviceId":"x"}', /:2: not a valid record: outOfService: /],
    ['an unknown record type', '{"t":"what","at":1}', /:2: not a valid record: t: /],
  ])('stops the start at %s with file, line and reason', (_n, bad, reason) => {
    const f = file();
    writeFileSync(f, line(service('a')) + `${bad}\n` + line(service('b')));
    let error: unknown;
    try { Journal.read(f); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(JournalCorrupt);
    expect((error as Error).message).toMatch(new RegExp(`^journal ${f.replace(/[.]/g, '\\.')}`));
    expect((error as Error).message).toMatch(reason);
  });

  it('repair moves bad records aside with their line numbers and keeps the rest', () => {
    const f = file();
    writeFileSync(f, line(service('a')) + 'null\n' + line(service('b')) + '{"t":"service"}\n');
    const result = repairJournal(f);
    expect(result).toMatchObject({ kept: 2, movedAside: 2 });
    expect(readFileSync(result.badFile!, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['2', '4']);
    expect(Journal.read(f)).toMatchObject({ records: 2, outOfService: ['a', 'b'] });
  });

  it('a snapshot holds the state and when each device was last heard; the start reads only the tail behind it', async () => {
    const f = file();
    const { journal } = Journal.open(f);
    const { raised } = gasAlarm();
    journal.state = () => ({ alarms: [raised], tasks: [], outOfService: ['a'], reports: [], serviceNotes: {}, lastHeard: { 'gas-a2-502': 1234 } });
    journal.append(service('a'));
    await journal.commit();
    journal.snapshotIfDue(0);
    journal.snapshotIfDue(59_999);
    expect(existsSync(snapshotFileOf(f))).toBe(false); // once a minute, not at once
    journal.snapshotIfDue(60_000);
    journal.append(service('b'));
    await journal.commit();
    journal.close();
    const replayed = Journal.read(f);
    expect(replayed).toMatchObject({ fromSnapshot: true, records: 1, outOfService: ['a', 'b'], lastHeard: { 'gas-a2-502': 1234 } });
    expect(replayed.alarms.map((s) => s.alarm.id)).toEqual([raised.alarm.id]);
  });

  it('a snapshot checks that its offset still follows the line it names: a journal edited by hand is refused at the right line, or read whole', async () => {
    const f = file();
    const { journal } = Journal.open(f);
    journal.state = () => ({ alarms: [], tasks: [], outOfService: [], reports: [], serviceNotes: {}, lastHeard: {} });
    for (let i = 0; i < 12; i++) journal.append(service(`d${i}`));
    await journal.commit();
    journal.snapshotIfDue(0);
    journal.snapshotIfDue(60_000); // the snapshot covers the 12 lines
    journal.append(service('after'));
    await journal.commit();
    journal.close();
    const lines = readFileSync(f, 'utf8').split('\n');
    // `null` put in as line 2: the snapshot's offset now falls inside line 12; the start names line 2.
    writeFileSync(f, [lines[0], 'null', ...lines.slice(1)].join('\n'));
    expect(() => Journal.read(f)).toThrow(/:2: not a record/);
    // A whole record put in instead: everything reads, so the journal is read again from the top over the snapshot.
    writeFileSync(f, [lines[0], JSON.stringify(service('inserted')), ...lines.slice(1)].join('\n'));
    const logged: string[] = [];
    const replayed = Journal.read(f, (l) => logged.push(l));
    expect(logged.join('\n')).toMatch(/changed before the snapshot's position/);
    expect(replayed.records).toBe(14);
    expect(replayed.outOfService).toContain('inserted');
    expect(replayed.outOfService).toContain('d11');
  });

  it('compacts past its size: the journal moves to archive/, a fresh one begins behind a snapshot, and the state is unchanged', async () => {
    const f = file();
    const { journal } = Journal.open(f, { compactBytes: 4096, archivesKept: 2 });
    let outOfService: string[] = [];
    journal.state = () => ({ alarms: [], tasks: [], outOfService, reports: [], serviceNotes: {}, lastHeard: {} });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 60; i++) journal.append(service(`d${round}-${i}`, i % 2 === 0));
      await journal.commit();
      outOfService = Journal.read(f).outOfService; // what the pipeline's state would say
      journal.snapshotIfDue(round * 1000);
      if (round === 0) journal.snapshotIfDue(1); // the first call only starts the minute
      expect(statSync(f).size).toBeLessThan(4096);
    }
    journal.close();
    expect(readdirSync(join(dirname(f), 'archive'))).toHaveLength(2);
    expect(Journal.read(f).outOfService).toHaveLength(150);
  });

  it('a crash between the snapshot and the rotation replays the old journal over it and changes nothing', async () => {
    const f = file();
    writeFileSync(f, line(service('a')) + line(service('b')) + line(service('a', false, 2)));
    const before = Journal.read(f);
    writeFileSync(snapshotFileOf(f), JSON.stringify({ v: 1, at: 5, journalOffset: 0, alarms: [], tasks: [], outOfService: before.outOfService, reports: [], serviceNotes: {}, lastHeard: {} }));
    expect(Journal.read(f).outOfService).toEqual(['b']);
  });

  it('a bad snapshot stops the start with its file named', () => {
    const f = file();
    writeFileSync(snapshotFileOf(f), '{"v":1}');
    expect(() => Journal.read(f)).toThrow(/snapshot\.json: the snapshot is not valid/);
  });

  it('replays nothing from a journal that does not exist yet', () => {
    const f = file();
    expect(Journal.read(f)).toEqual({ alarms: [], outOfService: [], reports: [], serviceNotes: {}, tasks: [], lastHeard: {}, records: 0, fromSnapshot: false, torn: null, segment: 0, lines: 0, lastLineText: null });
    expect(existsSync(f)).toBe(false);
  });
});
