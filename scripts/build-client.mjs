// Builds the browser client into client/dist when it is missing or older than its sources, so
// `npm start` serves the current client without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['client', 'twin-assets'];
const OUT = 'client/dist/index.html';

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(OUT) && statSync(OUT).mtimeMs >= Math.max(...SOURCES.map(newest), statSync('vite.config.ts').mtimeMs)) process.exit(0);
console.log('Building the browser client…');
const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
