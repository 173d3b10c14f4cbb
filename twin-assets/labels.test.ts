// Words have one home (labels.ts, and a hazard model's or an action's own file for its names): a Chinese text
// written out in two source files is a copy that will drift, and so is the same pair of words twice in labels.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
// The product's source: not tests, test helpers or scripts that print for developers.
const sources = [...new Set([...git('ls-files', '*.ts', '*.tsx'), ...git('ls-files', '--others', '--exclude-standard', '*.ts', '*.tsx')])]
  .filter((f) => !f.includes('.test.') && !f.startsWith('test/') && !f.startsWith('scripts/'));
const CHINESE = /[\u4e00-\u9fff]/;
/** Quoted text without interpolation, outside comments. */
function literals(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) continue;
    for (const m of line.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g)) {
      const s = m[1] ?? m[2] ?? m[3] ?? '';
      if (CHINESE.test(s) && !s.includes('${')) out.push(s);
    }
  }
  return out;
}

describe('one home for words', () => {
  it('no Chinese text is written out in two source files', () => {
    const files = new Map<string, Set<string>>();
    for (const f of sources) for (const s of literals(readFileSync(`${root}${f}`, 'utf8'))) (files.get(s) ?? files.set(s, new Set()).get(s)!).add(f);
    const copies = [...files].filter(([, where]) => where.size > 1).map(([s, where]) => `${s}: ${[...where].join(', ')}`);
    expect(copies).toEqual([]);
  });

  it('labels.ts names each pair of words once', () => {
    const pairs = [...readFileSync(`${root}twin-assets/labels.ts`, 'utf8').matchAll(/zh: '([^']*)', en: '([^']*)'/g)].map((m) => `${m[1]} / ${m[2]}`);
    expect(pairs.filter((p, i) => pairs.indexOf(p) !== i)).toEqual([]);
  });
});
