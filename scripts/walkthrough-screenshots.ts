// `npm run screenshot:walkthrough [-- <folder>]`: the README's contact sheets of every page a person can reach, in
// Chinese, on a desktop and on a phone, taken by the walk-through test itself as it audits each page (so a picture
// in the README is of a page that passed). Each sheet is laid out as a page and photographed in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/chromium';
import { cliArgs } from '../twin-assets/cli';

const { positionals } = cliArgs('screenshot:walkthrough', `npm run screenshot:walkthrough [-- <folder>]

Runs the walk-through test (test/browser/walkthrough.browser.test.ts) keeping a screenshot of every page it audits,
then lays the Chinese ones out as two contact sheets: docs/walkthrough-desktop.png (1440×900) and
docs/walkthrough-phone.png (390×844), or in another folder. Takes a few minutes; the test's progress is shown.`, {}, { positionals: true });
const out = positionals[0] ?? 'docs';
const shots = mkdtempSync(join(tmpdir(), 'walkthrough-'));

console.log(`Walking through every page (screenshots in ${shots})…`);
execFileSync('npx', ['vitest', 'run', 'test/browser/walkthrough.browser.test.ts'], { stdio: 'inherit', env: { ...process.env, WALKTHROUGH_SHOTS: shots } });

/** The order a newcomer meets the pages in, and what each is. */
const PAGES: [string, string][] = [
  ['login', 'log in'], ['console', 'live console'], ['drills', 'drills'], ['drill-trainer', 'trainer in a drill'], ['drill-commander', 'a guest commander'],
  ['drill-grid_worker', 'a guest grid worker'], ['editor', 'scenario editor'], ['planner', 'sensor planner'], ['kpis', 'KPIs'], ['history', 'history'],
  ['admin', 'people and permissions'], ['teams', 'teams'], ['team', 'a team'], ['replay', 'replay'], ['drill-report', 'drill report'], ['aar', 'AAR/IP'],
  ['report', "residents' report"],
];

const browser = await launchChromium();
for (const [size, scale, columns, file] of [['1440x900', 0.25, 4, 'walkthrough-desktop.png'], ['390x844', 0.4, 6, 'walkthrough-phone.png']] as const) {
  const taken = new Set(readdirSync(shots));
  const figures = PAGES.filter(([name]) => taken.has(`${name}-${size}-zh.png`)).map(([name, caption]) => {
    const png = readFileSync(join(shots, `${name}-${size}-zh.png`)).toString('base64');
    return `<figure><img src="data:image/png;base64,${png}"><figcaption>${caption}</figcaption></figure>`;
  });
  const [w, h] = size.split('x').map(Number) as [number, number];
  const page = await browser.newPage({ viewport: { width: Math.round(columns * (w * scale + 16) + 16), height: 400 } });
  await page.setContent(`<!doctype html><style>
    body { margin: 0; padding: 8px; background: #0f1419; color: #c9d1d9; font: 13px system-ui, sans-serif; display: grid; grid-template-columns: repeat(${columns}, ${w * scale}px); gap: 8px 16px; }
    figure { margin: 0; } img { width: ${w * scale}px; height: ${h * scale}px; display: block; border: 1px solid #30363d; } figcaption { padding: 3px 0; }
  </style>${figures.join('')}`);
  await page.screenshot({ path: join(out, file), fullPage: true });
  await page.close();
  console.log(`wrote ${join(out, file)}: ${figures.length} pages at ${size}`);
}
await browser.close();
