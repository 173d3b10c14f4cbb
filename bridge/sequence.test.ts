import { describe, expect, it } from 'vitest';
import { SEQ_WINDOW, SequenceTracker } from './sequence';

type In = number | null | [number, number];
/** A bare number has no device clock; [seq, ts] carries one. */
const run = (inputs: In[]) => {
  const t = new SequenceTracker();
  return inputs.map((i) => (Array.isArray(i) ? t.check('d1', i[0], i[1]) : t.check('d1', i, null)));
};

describe('sequence handling', () => {
  it.each([
    ['in order', [1, 2, 3], ['new', 'new', 'new']],
    ['a redelivery (same seq, same ts) is a duplicate', [[5, 100], [6, 200], [6, 200], [7, 300]], ['new', 'new', 'duplicate', 'new']],
    ['reordered: the older arrives late, then not again', [[10, 100], [12, 120], [11, 110], [11, 110], [13, 130]], ['new', 'new', 'late', 'duplicate', 'new']],
    ['without a device clock, reordering within the window is late', [10, 12, 11, 13], ['new', 'new', 'late', 'new']],
    ['a reboot: lower seq, newer device clock', [[500, 1000], [501, 1001], [1, 2000], [2, 2001], [2, 2001]], ['new', 'new', 'rebased', 'new', 'duplicate']],
    ['a reboot reusing a number with a newer clock is not a duplicate', [[1, 1000], [2, 1001], [1, 5000], [2, 5001]], ['new', 'new', 'rebased', 'new']],
    ['a jump (glitch or spoof) does not starve the real readings', [[1, 100], [2, 200], [700, 210], [3, 300], [4, 400]], ['new', 'new', 'new', 'rebased', 'new']],
    ['a jump without a device clock re-bases once the real counter is far behind', [1, 2, 700, 3, 4, 5], ['new', 'new', 'new', 'rebased', 'new', 'new']],
    ['without a clock, a counter back at 1 is a reboot', [500, 501, 1, 2, 2], ['new', 'new', 'rebased', 'new', 'duplicate']],
    ['an older seq with an older clock stays late', [[20, 2000], [21, 2100], [15, 1500]], ['new', 'new', 'late']],
    ['no seq at all', [null, null], ['unsequenced', 'unsequenced']],
  ] as [string, In[], string[]][])('%s', (_n, inputs, verdicts) => {
    expect(run(inputs)).toEqual(verdicts);
  });

  it('forgets duplicates beyond its window, and keeps devices apart', () => {
    const t = new SequenceTracker();
    for (let s = 1; s <= 100; s++) t.check('d1', s, null);
    expect(t.check('d1', 100, null)).toBe('duplicate');
    expect(t.check('d1', 100 - SEQ_WINDOW + 1, null)).toBe('duplicate');
    expect(t.check('d1', 100 - SEQ_WINDOW - 5, null)).toBe('rebased'); // far behind: a reboot with no clock
    expect(t.check('d2', 100, null)).toBe('new');
  });
});
