import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { AlarmEngine } from '../core/alarmEngine';
import { Journal } from './journal';

const file = () => join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');

describe('journal', () => {
  it('commits a batch with one write and replays the latest record of each alarm', async () => {
    const f = file();
    const j = new Journal(f);
    const engine = new AlarmEngine(bundledIndex(), bundledRules(), false);
    const id = engine.onReading('gas-a2-502', { gas_lel: 40 }, 1000)[0]!.alarm.id;
    j.append({ t: 'alarm', at: 1000, s: engine.stored(id)! });
    engine.acknowledge(id, 'op', 2000);
    j.append({ t: 'alarm', at: 2000, s: engine.stored(id)! });
    j.append({ t: 'service', at: 2000, deviceId: 'mh-s-1', outOfService: true, by: 'op' });
    expect(readFileSync(f, 'utf8')).toBe(''); // nothing is on disk before the commit
    await j.commit();
    expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(3);
    j.close();
    const replayed = Journal.replay(f);
    expect(replayed).toMatchObject({ records: 3, tornLines: 0, outOfService: ['mh-s-1'] });
    expect(replayed.alarms.map((s) => [s.alarm.id, s.alarm.state, s.alarm.ackedBy])).toEqual([[id, 'active_acked', 'op']]);
  });

  it('skips a last line cut short by a crash', () => {
    const f = file();
    appendFileSync(f, '{"t":"service","at":1,"deviceId":"a","outOfService":true,"by":"x"}\n{"t":"alarm","at":2,"s":{"ala');
    expect(Journal.replay(f)).toMatchObject({ records: 1, tornLines: 1, outOfService: ['a'] });
  });

  it('replays nothing from a journal that does not exist yet', () => {
    expect(Journal.replay(file())).toEqual({ alarms: [], outOfService: [], tasks: [], records: 0, tornLines: 0 });
  });
});
