import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDistrictFiles } from '../sim-server/districtFiles';
import { bundledDistrictJson } from '../test/helpers/fixtures';

const dir = () => mkdtempSync(join(tmpdir(), 'patch-'));
const write = (d: string, name: string, v: unknown) => { const f = join(d, name); writeFileSync(f, JSON.stringify(v)); return f; };
const gauge = (id: string) => ({ id, type: 'water_level', position: { x: 1, y: 2, z: 0 } });

describe('a district file that patches another (RFC 6902)', () => {
  it('applies the patch to its base, the base named relative to the patch, and patches of patches', async () => {
    const d = dir();
    mkdirSync(join(d, 'plans'));
    write(d, 'street.json', bundledDistrictJson());
    const first = write(join(d, 'plans'), 'one.json', { base: '../street.json', patch: [{ op: 'test', path: '/id', value: bundledDistrictJson().id }, { op: 'add', path: '/devices/-', value: gauge('lvl-plan-1') }] });
    const second = write(d, 'two.json', { base: first, patch: [{ op: 'add', path: '/devices/-', value: gauge('lvl-plan-2') }] });
    const loaded = await loadDistrictFiles(second);
    expect(loaded.district.devices.slice(-2).map((x) => x.id)).toEqual(['lvl-plan-1', 'lvl-plan-2']);
    expect(loaded.district.devices).toHaveLength(bundledDistrictJson().devices.length + 2);
    // "bundled" names the district that comes with the product
    expect((await loadDistrictFiles(write(d, 'b.json', { base: 'bundled', patch: [] }))).district.id).toBe(bundledDistrictJson().id);
  });

  it('refuses with one line naming the operation: a base it was not made for, a path that is not there, a patch that is its own base, and what the result breaks', async () => {
    const d = dir();
    const fail = (name: string, v: unknown) => loadDistrictFiles(write(d, name, v)).then(() => 'loaded', (e: Error) => e.message);
    expect(await fail('a.json', { base: 'bundled', patch: [{ op: 'test', path: '/id', value: 'another-street' }] })).toBe(`${join(d, 'a.json')} is invalid: patch[0] (test /id): the base is not what the patch was made for`);
    expect(await fail('b.json', { base: 'bundled', patch: [{ op: 'add', path: '/devices/-', value: gauge('x') }, { op: 'remove', path: '/devices/9999' }] })).toMatch(/^.*b\.json is invalid: patch\[1\] \(remove \/devices\/9999\): /);
    expect(await fail('c.json', { base: 'c.json', patch: [] })).toMatch(/c\.json is invalid: patches nest deeper than 8: is one its own base\?$/);
    expect(await fail('d.json', { base: 'bundled', patch: [{ op: 'add', path: '/devices/-', value: { id: 'bad id!', type: 'gas', position: { x: 0, y: 0 } } }] })).toMatch(/d\.json is invalid: devices\[\d+\]\.id: expected an id/);
    expect(await fail('e.json', { base: 'missing.json', patch: [] })).toBe(`${join(d, 'missing.json')}: file not found`);
  });
});
