// The browser's one client: every page calls the API through it (no hand-written fetch left elsewhere), and the
// addresses it builds are the routes' paths with their parameters encoded and the query given.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiUrl } from './api';

const client = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  if (statSync(p).isDirectory()) return f === 'dist' ? [] : sources(p);
  return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
});

describe('the browser\'s API client', () => {
  it('is the only place in the client that calls fetch', () => {
    const calls = sources(client).filter((f) => !f.endsWith(join('net', 'api.ts')) && /\bfetch\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(client, f));
    expect(calls).toEqual([]);
  });

  it('builds an operation\'s address from its route: parameters encoded, empty query values left out', () => {
    expect(apiUrl('getApiDevicesByDeviceId', { params: { deviceId: 'gas a/1' } })).toBe('/api/devices/gas%20a%2F1');
    expect(apiUrl('getApiHistoryAlarms', { query: { from: 1, to: 2, level: null, kind: undefined, cursor: 'a&b' } })).toBe('/api/history/alarms?from=1&to=2&cursor=a%26b');
    expect(apiUrl('getApiReportsByReportIdPhotoByWhich', { params: { reportId: 'r1', which: 'before' } })).toBe('/api/reports/r1/photo/before');
    expect(apiUrl('getApiScenarios')).toBe('/api/scenarios');
  });
});
