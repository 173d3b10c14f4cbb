import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence';

describe('sequence handling', () => {
  it.each([
    ['in order', [1, 2, 3], ['new', 'new', 'new']],
    ['a duplicate is dropped', [5, 6, 6, 7], ['new', 'new', 'duplicate', 'new']],
    ['reordered: the older arrives late, then not again', [10, 12, 11, 11, 13], ['new', 'new', 'late', 'duplicate', 'new']],
    ['a reboot restarts at 1', [500, 501, 1, 2, 2], ['new', 'new', 'restart', 'new', 'duplicate']],
    ['a jump back past the gap is a restart', [5000, 10], ['new', 'restart']],
    ['no seq at all', [null, null], ['unsequenced', 'unsequenced']],
  ] as const)('%s', (_n, seqs, verdicts) => {
    const t = new SequenceTracker();
    expect(seqs.map((s) => t.check('d1', s))).toEqual(verdicts);
  });

  it('forgets duplicates beyond its window, and keeps devices apart', () => {
    const t = new SequenceTracker();
    for (let s = 1; s <= 100; s++) t.check('d1', s);
    expect(t.check('d1', 100)).toBe('duplicate');
    expect(t.check('d1', 20)).toBe('late'); // older than the window: accepted as late, not as a duplicate
    expect(t.check('d2', 100)).toBe('new');
  });
});
