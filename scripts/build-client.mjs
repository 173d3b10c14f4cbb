// Builds the browser client into client/dist when it is missing or older than its sources, so
// `npm start` serves the current client without a separate build step.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
if (ifStale && existsSync(OUT) && existsSync('client/dist/fonts/noto-sans-sc.css') && existsSync('client/dist/favicon.svg') && statSync(OUT).mtimeMs >= Math.max(...SOURCES.map(newest), statSync('vite.config.ts').mtimeMs)) process.exit(0);
console.log('Building the browser client…');
const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (result.status === 0) { copyFonts(); copyFileSync('client/favicon.svg', 'client/dist/favicon.svg'); } // at a fixed address: /favicon.ico and the server's own pages
process.exit(result.status ?? 1);

/** The Chinese web font at a fixed address, /fonts/noto-sans-sc.css (its woff2 slices beside it): the pages the server
 * builds itself (a drill's review, the AAR/IP) link it, so they read on a machine without a CJK font. */
function copyFonts() {
  const from = 'node_modules/@fontsource/noto-sans-sc', to = 'client/dist/fonts';
  mkdirSync(join(to, 'files'), { recursive: true });
  const css = ['400', '600'].map((w) => readFileSync(join(from, `${w}.css`), 'utf8')).join('\n')
    .replace(/, url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, ''); // woff2 only: every browser we serve reads it
  writeFileSync(join(to, 'noto-sans-sc.css'), css);
  for (const f of readdirSync(join(from, 'files'))) if (/-(400|600)-normal\.woff2$/.test(f)) copyFileSync(join(from, 'files', f), join(to, 'files', f));
}
