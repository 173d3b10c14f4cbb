// The twin drawn from the data: what the district holds is in the scene; devices answer hover and
// click; moving things move; the camera goes to a new alarm; the full street loads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import { launchChromium, openTwinPage } from '../helpers/chromium';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';
import { cameraStill } from '../helpers/scenePixels';


/** Pixels of the canvas that are light and grey: building walls and floor outlines, not markers or ground. */
const buildingPixels = (page: Page) => page.evaluate(() => {
  const gl = document.querySelector('canvas')!;
  const c = document.createElement('canvas');
  c.width = gl.width; c.height = gl.height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(gl, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) {
    const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
    if (Math.min(r, g, b) > 70 && Math.max(r, g, b) - Math.min(r, g, b) < 30) n++;
  }
  return n;
});

/** Instances by mesh name, with the devices (one mesh per type, `device-markers:<type>`) summed as `device-markers`. */
const instances = async (page: Page) => {
  const got = await page.evaluate(() => window.__twin!.instances!());
  got['device-markers'] = Object.entries(got).filter(([k]) => k.startsWith('device-markers:')).reduce((n, [, v]) => n + v, 0);
  return got;
};
const screenOf = (page: Page, id: string) => page.evaluate((d) => window.__twin!.markers!.screenOf(d), id);

describe('the bundled district in 3D', () => {
  let twin: RunningTwin;
  let browser: Browser;
  let probe: MqttProbe;
  let page: Page;
  const publish = (id: string, readings: Record<string, number | boolean>) =>
    probe.publish(`twin/jinhe/dev/${id}/telemetry`, JSON.stringify({ ts: Date.now(), readings }));

  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl);
    browser = await launchChromium();
    page = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, await sessionAs(twin.httpUrl, ['operator'], { name: '值班员李明' })); // an operator sees residents' names and relatives
  });
  afterAll(async () => { await browser?.close(); await probe?.close(); await twin?.stop(); });

  it('draws what the data holds, counted from the scene graph', async () => {
    const d = twin.loaded.district;
    const got = await instances(page);
    expect(got).toMatchObject({
      buildings: d.buildings.filter((b) => !b.underground).length, underground: d.buildings.filter((b) => b.underground).length, 'device-markers': d.devices.length, 'crane-masts': d.cranes.length, 'crane-jibs': d.cranes.length,
      'elevator-cars': d.elevators.length, hydrants: d.hydrants.length, manholes: d.manholes.length, courtyards: d.courtyards.length,
      streets: d.streets.edges.length, 'capsule-stations': d.capsuleStations.length,
    });
    // each device in its type's shape
    for (const type of new Set(d.devices.map((x) => x.type))) expect(got[`device-markers:${type}`]).toBe(d.devices.filter((x) => x.type === type).length);
    expect(await page.evaluate(() => [window.__twin!.markers!.meshOf('smk-a3-101'), window.__twin!.markers!.meshOf('gas-b1-201'), window.__twin!.markers!.meshOf('lvl-s-underpass')]))
      .toEqual(['device-markers:smoke', 'device-markers:gas', 'device-markers:water_level']);
  });

  it('labels a device on hover and opens its panel on click, with readings, a plot, contacts and alarm history', async () => {
    for (const lel of [1, 2, 26, 3]) await publish('gas-a2-502', { gas_lel: lel });
    await page.waitForFunction(() => document.querySelector('li.alarm') !== null, null, { timeout: 60_000 });
    await cameraStill(page); // the camera flight to the new alarm ends
    const at = await screenOf(page, 'gas-a2-502');
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y + 48); // the canvas sits below the 48 px header
    // named as a person reads it: the kind of device and its place, not its id
    await page.getByTestId('hover-label').filter({ hasText: /^可燃气体探测器 · 纺织厂老院落 2栋 5层 1-502$/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('hover-label').textContent()).not.toContain('gas-a2-502');
    await page.mouse.click(at!.x, at!.y + 48);
    const panel = page.getByTestId('device-panel');
    await panel.waitFor({ timeout: 60_000 });
    expect(await panel.getAttribute('data-device-id')).toBe('gas-a2-502');
    await panel.locator('tr[data-quantity="gas_lel"]').waitFor({ timeout: 60_000 });
    expect(await panel.locator('tr[data-quantity="gas_lel"]').textContent()).toContain('3 %LEL');
    expect(await panel.locator('svg.sparkline path').count()).toBe(1);
    expect(await panel.locator('svg.sparkline').getAttribute('aria-label')).toBe('4 points from 1 to 26');
    const contacts = await panel.getByTestId('contacts').textContent();
    expect(contacts).toContain('李娜');   // the resident's daughter
    expect(contacts).toContain('吴桂英'); // the building head
    expect(contacts).toContain('刘芳');   // the grid worker
    expect(await panel.getByTestId('alarm-history').textContent()).toContain('燃气泄漏');
    await panel.getByRole('button', { name: '关闭', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('flies the camera to a new alarm', async () => {
    const before = await screenOf(page, 'smk-b2-401');
    await publish('smk-b2-401', { alarm: true });
    const canvas = await page.locator('canvas[data-engine]').boundingBox();
    const off = (p: { x: number; y: number }) => Math.hypot(p.x - canvas!.width / 2, p.y - canvas!.height / 2);
    await expect.poll(async () => off((await screenOf(page, 'smk-b2-401'))!), { timeout: 60_000, interval: 200 }).toBeLessThan(40);
    const after = await screenOf(page, 'smk-b2-401');
    expect(off(before!)).toBeGreaterThan(off(after!));
  });

  it('slews the tower crane by the speed its monitor reports', async () => {
    expect(await page.evaluate(() => window.__twin!.movers!.craneSlew('tc-d1'))).toBe(0);
    await publish('crane-d1', { slew_speed_dps: 5, load_kg: 2000, moment_pct: 80 });
    // The server turns the jib by speed × the time between two readings: time has to pass, at least 1.5 s
    // (a busy machine only makes it more), once the first reading is in the twin.
    await until(() => twin.pipeline.core.devices.get('crane-d1')?.readings.slew_speed_dps === 5, 60_000, 'the first crane reading');
    const firstAt = Date.now();
    await until(() => Date.now() - firstAt >= 1500, 10_000, '1.5 s of slewing');
    await publish('crane-d1', { slew_speed_dps: 5, load_kg: 2000, moment_pct: 80 });
    // about 1.5 s × 5 °/s on the server, eased toward in the client
    await page.waitForFunction(() => window.__twin!.movers!.craneSlew('tc-d1')! > 4, null, { timeout: 60_000 });
  });

  it('moves elevator cars and shows flood water from their devices, over the zone at the gauge\'s depth', async () => {
    expect(await page.evaluate(() => window.__twin!.hazards!.waterOf('fz-underpass'))).toBeNull();
    await publish('elv-c1-2', { floor: 10, door_open: false });
    await publish('lvl-s-underpass', { level_m: 0.45 });
    await page.waitForFunction(() => Math.abs(window.__twin!.movers!.elevatorY('el-c1-2')! - (9 * 3 + 1.2)) < 0.5, null, { timeout: 60_000 });
    await page.waitForFunction(() => window.__twin!.hazards!.waterOf('fz-underpass') === 0.45, null, { timeout: 60_000 });
  });

  it('cuts buildings away above a floor, and can be navigated', async () => {
    await page.evaluate(() => window.__twinView!.flyTo(0, 40, 0, 260)); // a view with every building in it
    await cameraStill(page);
    const whole = await buildingPixels(page);
    expect(whole).toBeGreaterThan(2000);
    await page.getByTestId('cutaway').fill('1');
    await expect.poll(() => buildingPixels(page), { timeout: 60_000, interval: 200 }).toBeLessThan(whole * 0.6);
    await page.getByTestId('cutaway').fill('18');
    await expect.poll(() => buildingPixels(page), { timeout: 60_000, interval: 200 }).toBeGreaterThan(whole * 0.8);
    const camera = await page.evaluate(() => window.__twin!.camera!());
    const box = (await page.locator('canvas[data-engine]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2 + 50, { steps: 10 });
    await page.mouse.up();
    await page.mouse.wheel(0, -400);
    await expect.poll(() => page.evaluate(() => window.__twin!.camera!()), { timeout: 60_000, interval: 200 }).not.toEqual(camera);
  });
});

describe('the full street in 3D', () => {
  let twin: RunningTwin;
  let browser: Browser;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
    writeFileSync(file, JSON.stringify(generateStreet(1)));
    twin = await startTestTwin({ DISTRICT: file });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => { await browser?.close(); await twin?.stop(); });

  it('loads ten thousand devices and draws them in a low number of draw calls', async () => {
    const page = await openTwinPage(browser, twin.httpUrl, 'en-US', 120_000, await sessionAs(twin.httpUrl, ['viewer']));
    const d = twin.loaded.district;
    const got = await instances(page);
    expect(got['device-markers']).toBe(d.devices.length);
    expect(got.buildings).toBe(d.buildings.length);
    expect(got['elevator-cars']).toBe(400);
    expect(got.hydrants).toBe(1499);
    const drawCalls = await page.evaluate(() => window.__twin!.drawCalls);
    expect(drawCalls).toBeGreaterThan(5);
    expect(drawCalls).toBeLessThan(300);
    await page.close();
  }, 180_000);
});
