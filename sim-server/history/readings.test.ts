import { describe, expect, it } from 'vitest';
import { MINUTE, ReadingMinutes, ReadingsWriter } from './readings';
import { DatabaseUnavailable, type Sql } from './sql';

/** A database that is away: every write refused, as node-postgres refuses with its server stopped. */
const away: Sql = {
  kind: 'postgres', where: 'postgres://127.0.0.1:1/away',
  query: () => Promise.reject(new DatabaseUnavailable('the database is away')),
  batch: () => Promise.reject(new DatabaseUnavailable('the database is away')),
  close: () => Promise.resolve(),
};

describe('reading minutes', () => {
  it('aggregate min, mean, max and the last reading of each minute', () => {
    const m = new ReadingMinutes();
    m.add('gas-1', { gas_lel: 10 }, 5 * MINUTE + 1_000);
    m.add('gas-1', { gas_lel: 30 }, 5 * MINUTE + 2_000);
    m.add('gas-1', { gas_lel: 20 }, 5 * MINUTE + 1_500);
    m.add('gas-1', { gas_lel: 99 }, 6 * MINUTE);
    expect(m.take(6 * MINUTE)).toEqual([{ deviceId: 'gas-1', quantity: 'gas_lel', t: 5 * MINUTE, n: 3, min: 10, mean: 20, max: 30, last: 30, lastAt: 5 * MINUTE + 2_000 }]);
    expect(m.size).toBe(1); // the minute still going on stays
  });

  it('keep the newest minutes while the database is away, and count the oldest let go', async () => {
    let dropped = 0;
    const failing: (string | null)[] = [];
    const w = new ReadingsWriter(away, () => 10 * MINUTE, { maxMinutes: 3, onDropped: (n) => { dropped += n; }, onFailing: (why) => failing.push(why) });
    for (let i = 0; i < 5; i++) w.minutes.add('gas-1', { gas_lel: i }, i * MINUTE);
    await w.flush();
    expect(dropped).toBe(2);
    expect(failing).toEqual(['the database is away']);
    expect(w.minutes.take(Infinity, true).map((a) => a.last).sort()).toEqual([2, 3, 4]);
  });
});
