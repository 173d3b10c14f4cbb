import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineFile, tornFileOf } from './lineFile';

const dir = () => mkdtempSync(join(tmpdir(), 'linefile-'));

describe('the one line writer', () => {
  it('cuts a last line a crash left torn, keeps its bytes aside, and goes on on a line of its own', () => {
    const file = join(dir(), 'drill.jsonl');
    const whole = '{"t":"created"}\n{"t":"join"}\n';
    writeFileSync(file, `${whole}{"t":"acti`);
    const said: string[] = [];
    const f = LineFile.openCut(file, false, (l) => said.push(l));
    expect(readFileSync(file, 'utf8')).toBe(whole);
    expect(readFileSync(tornFileOf(file, whole.length), 'utf8')).toBe('{"t":"acti');
    expect(said[0]).toContain(`kept in ${tornFileOf(file, whole.length)}`);
    f.write(Buffer.from('{"t":"end"}\n'));
    f.close();
    expect(readFileSync(file, 'utf8')).toBe(`${whole}{"t":"end"}\n`);
  });

  it('leaves a file that ends on a whole line as it is', () => {
    const file = join(dir(), 'journal.jsonl');
    writeFileSync(file, '{"a":1}\n');
    LineFile.openCut(file, true).close();
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    expect(existsSync(tornFileOf(file, 8))).toBe(false);
  });

  it('a write the disk refuses throws its reason and counts nothing (/dev/full answers ENOSPC)', () => {
    const f = new LineFile('/dev/full', false);
    expect(() => f.write(Buffer.from('{"t":"control"}\n'))).toThrow(/ENOSPC/);
    expect(f.size).toBe(0);
    f.close();
  });
});
