// `npm run screenshot:editor [-- out.png]`: the README's picture of the scenario editor, from the real thing:
// a gas leak placed in a home of the bundled district, an
// inject and two objectives on the timeline, the draft tried and stepped to the alarm.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { cliArgs } from '../twin-assets/cli';
import { launchChromium, openTwinPage } from '../test/helpers/chromium';
import { login } from '../test/helpers/people';

const { positionals } = cliArgs('screenshot:editor', 'npm run screenshot:editor [-- out.png]\n\nPhotographs the scenario editor (a gas leak placed, injects and objectives, the draft tried) in Chromium.\nWrites docs/editor.png unless told otherwise.', {}, { positionals: true });
const out = positionals[0] ?? 'docs/editor.png';
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', TRAINER_TOKEN: 'screenshot-token', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const browser = await launchChromium();
try {
  const page = await openTwinPage(browser, `${twin.httpUrl}editor`, 'zh-CN', 90_000, await login(twin.httpUrl, 'admin', 'admin-test-password'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('place-gas_room').click();
  const b = twin.loaded.district.buildings.find((x) => x.id === 'b-a1')!;
  const canvas = (await page.locator('canvas').boundingBox())!;
  const roof = await page.evaluate(([x, y, z]) => window.__twin!.screenOfPoint!(x!, y!, z!), [b.x, b.y, b.floors * b.floorHeight]);
  await page.mouse.click(canvas.x + roof.x, canvas.y + roof.y);
  await page.getByTestId('home-hh-a1-301').click();
  await page.getByTestId('editor-valid').waitFor();
  await page.getByTestId('inject-timing').selectOption('alarm_raised');
  await page.getByTestId('inject-seconds').fill('30');
  await page.getByTestId('inject-zh').fill('儿子王强电话无人接听。');
  await page.getByTestId('inject-en').fill('Her son Wang Qiang does not answer the phone.');
  await page.getByTestId('inject-add').click();
  for (const [action, within] of [['shut_valve', '900'], ['open_windows', '1080']] as const) {
    await page.getByTestId('objective-action').selectOption(action);
    await page.getByTestId('objective-within').fill(within);
    await page.getByTestId('objective-add').click();
  }
  await page.getByTestId('editor-reach').waitFor();
  await page.getByTestId('editor-try').click();
  await page.getByTestId('editor-outcome').waitFor({ timeout: 90_000 });
  await page.getByTestId('editor-scrubber').fill('720'); // 12 minutes: the detector is in alarm, the grid worker on her way
  const drawn = await page.evaluate(() => window.__twin!.frames);
  await page.waitForFunction((f) => window.__twin!.frames > f + 10, drawn);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await twin.stop();
}
