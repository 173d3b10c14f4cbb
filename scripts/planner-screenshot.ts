// `npm run screenshot:planner [-- out.png]`: the README's picture of the planner, from the real thing:
// the bundled district's gas detectors, the heat of the
// leaks nothing finds, one detector added by hand.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { cliArgs } from '../twin-assets/cli';
import { launchChromium, openTwinPage } from '../test/helpers/chromium';
import { login } from '../test/helpers/people';

const { positionals } = cliArgs('screenshot:planner', 'npm run screenshot:planner [-- out.png]\n\nPhotographs the planner view (bundled district, gas detectors: the heat of what nothing finds) in Chromium.\nWrites docs/planner.png unless told otherwise.', {}, { positionals: true });
const out = positionals[0] ?? 'docs/planner.png';
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', OPERATOR_TOKEN: 'screenshot-token', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const browser = await launchChromium();
try {
  const page = await openTwinPage(browser, `${twin.httpUrl}?planner`, 'zh-CN', 90_000, await login(twin.httpUrl, 'admin', 'admin-test-password'));
  await page.getByTestId('planner-stats').waitFor();
  await page.getByTestId('cand-kitchen:hh-a1-602').check();
  await page.waitForFunction(() => (window.__twin!.heatSpots ?? 0) > 0);
  const drawn = await page.evaluate(() => window.__twin!.frames);
  await page.waitForFunction((f) => window.__twin!.frames > f + 10, drawn); // the new colours drawn
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await twin.stop();
}
