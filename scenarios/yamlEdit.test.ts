import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_DIR } from './builtin';
import { parseScenario } from './parse';
import { appendIn, deleteIn, setIn } from './yamlEdit';

const src = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');
/** The lines of b that are not in a at the same place, after the lines a and b share from the start and the end. */
function changed(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n'), y = b.split('\n');
  let i = 0; while (i < x.length && i < y.length && x[i] === y[i]) i++;
  let j = 0; while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
  return { removed: x.slice(i, x.length - j), added: y.slice(i, y.length - j) };
}

describe('editing a scenario file in place', () => {
  it('changes one scalar and nothing else, its comment kept', () => {
    const out = setIn(src, ['end', 'failAfterS'], 2400);
    expect(changed(src, out)).toEqual({ removed: ['  failAfterS: 3600                                            # not resolved within the hour: failed'], added: ['  failAfterS: 2400                                            # not resolved within the hour: failed'] });
    expect(parse(out).end.failAfterS).toBe(2400);
  });

  it('sets a value inside a flow map and a flow list', () => {
    const out = setIn(setIn(src, ['hazards', 0, 'params', 'leakM3PerH'], 1.2), ['initial', 'atHome'], ['hh-a1-301', 'hh-a1-602']);
    const js = parse(out);
    expect(js.hazards[0].params).toEqual({ leakM3PerH: 1.2, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 });
    expect(js.initial.atHome).toEqual(['hh-a1-301', 'hh-a1-602']);
    const a = src.split('\n'), b = out.split('\n');
    expect(b).toHaveLength(a.length);
    expect(b.filter((l, i) => l !== a[i])).toEqual([
      '  atHome: [ hh-a1-301, hh-a1-602 ]                # who is at home when it starts',
      '    params: { leakM3PerH: 1.2, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 }',
    ]);
  });

  it('adds an objective and an inject at the end of their lists, and a missing key to its map', () => {
    let out = appendIn(src, ['expected'], { id: 'cordon', action: 'cordon', withinS: 600 });
    out = appendIn(out, ['injects'], { id: 'neighbour', atS: 120, action: { kind: 'message', to: 'grid_worker' }, text: { zh: '邻居闻到燃气味。', en: 'A neighbour smells gas.' } });
    out = setIn(out, ['scoring'], { onTimeWeight: 2, resolvedWeight: 2 });
    const parsed = parseScenario(out);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.expected.at(-1)).toEqual({ id: 'cordon', action: 'cordon', withinS: 600, weight: 1 });
    expect(parsed.scenario.injects.at(-1)!.id).toBe('neighbour');
    expect(parsed.scenario.scoring.onTimeWeight).toBe(2);
    // every line of the original is still there, in order
    const lines = out.split('\n');
    let k = 0;
    for (const l of src.split('\n')) { k = lines.indexOf(l, k); expect(k, l).toBeGreaterThanOrEqual(0); k++; }
  });

  it('removes a list item or a key with its lines', () => {
    const out = deleteIn(deleteIn(src, ['injects', 0]), ['initial', 'timeOfDay']);
    const js = parse(out);
    expect(js.injects.map((i: { id: string }) => i.id)).toEqual(['briefing-commander']);
    expect(js.initial.timeOfDay).toBeUndefined();
    expect(changed(src, setIn(out, ['initial', 'timeOfDay'], '21:30')).removed.length).toBeGreaterThan(0);
  });
});

describe('an empty list in a draft', () => {
  it('becomes a block list when its first item is added, its comment kept', () => {
    const out = appendIn('a: 1\nitems: []   # none yet\nb: 2\n', ['items'], { id: 'x', n: 1 });
    expect(out).toBe('a: 1\nitems:\n  - { id: x, n: 1 }   # none yet\nb: 2\n');
    expect(parse(appendIn(out, ['items'], { id: 'y' })).items).toEqual([{ id: 'x', n: 1 }, { id: 'y' }]);
  });
});
