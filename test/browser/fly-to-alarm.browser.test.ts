// An alarm looked at in 3D reads at a glance (issue 34, item 2), on the full street and on a real neighbourhood:
// the operator clicks the alarm's card, the camera flies there, and the pixels show the building in alarm tinted
// its alarm's colour, the alarmed detector drawn over every other marker, and the normal markers small enough to
// leave the roofs visible (yet still there, and still answering a hover). From afar, the first view names places.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { indexDistrict, placeName } from '../../twin-assets/districtIndex';
import type { District } from '../../twin-assets/districtSchema';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import { DEVICE_TYPE_LABELS } from '../../twin-assets/labels';
import { DISPLAY_COLORS } from '../../client/scene/palette';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { MqttProbe } from '../helpers/mqttProbe';
import { sessionAs } from '../helpers/people';
import { cameraStill, hexRgb, pixelsAt, shareOfColour } from '../helpers/scenePixels';
import { startTestTwin } from '../helpers/twin';

const screenOf = (page: Page, id: string) => page.evaluate((d) => window.__twin!.markers!.screenOf(d), id);
const screenOfPoint = (page: Page, x: number, y: number, z: number) => page.evaluate(([x, y, z]) => window.__twin!.screenOfPoint!(x!, y!, z!), [x, y, z]);
const reddish = ([r, g, b]: number[]) => r! - g! > 40 && r! - b! > 40;
const alarmRed = ([r, g, b]: number[]) => r! > 200 && g! < 90 && b! < 90;

/** Raises a gas alarm on a detector over MQTT, opens it from its card, and waits for the camera to settle. */
async function openGasAlarm(twin: RunningTwin, page: Page, deviceId: string) {
  const probe = await MqttProbe.connect(twin.mqttUrl);
  for (const lel of [3, 12, 34]) await probe.publish(`twin/${twin.loaded.district.id}/dev/${deviceId}/telemetry`, JSON.stringify({ ts: Date.now(), readings: { gas_lel: lel } }));
  await probe.close();
  const card = page.locator('li.alarm').first();
  await card.waitFor({ timeout: 60_000 });
  await card.click({ position: { x: 30, y: 10 } });
  await page.getByTestId('device-panel').waitFor({ timeout: 60_000 });
  await cameraStill(page);
}

/** Points on a building's roof (its middle, and halfway to each corner), as drawn on the canvas. */
async function roofPoints(page: Page, b: District['buildings'][number]) {
  const top = b.floors * b.floorHeight;
  const pts = [{ x: b.x, y: b.y }, ...b.footprint.map((c) => ({ x: (b.x + c.x) / 2, y: (b.y + c.y) / 2 }))];
  return Promise.all(pts.map((p) => screenOfPoint(page, p.x, p.y, top)));
}

describe('the full street: an alarm opened from its card', () => {
  const ctx = twinAndBrowser(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
    writeFileSync(file, JSON.stringify(generateStreet(1)));
    return startTestTwin({ DISTRICT: file });
  });

  it('shows the building in alarm, the detector over the others, the roofs clear of markers', async () => {
    const d = ctx.twin.loaded.district;
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 120_000, await sessionAs(ctx.twin.httpUrl, ['operator']));
    const gas = d.devices.find((x) => x.type === 'gas')!;
    const building = d.buildings.find((b) => b.id === gas.buildingId)!;
    await openGasAlarm(ctx.twin, page, gas.id);

    // The detector, pulsing, on top: red at its own place on the screen.
    const at = (await screenOf(page, gas.id))!;
    const [marker] = await pixelsAt(page, [at]);
    expect(alarmRed(marker!), `the alarmed detector's pixel ${marker}`).toBe(true);

    // Its building tinted red, read on its roof away from the marker; the nearest other building not.
    const far = (p: { x: number; y: number }) => Math.hypot(p.x - at.x, p.y - at.y) > 25;
    const roof = (await roofPoints(page, building)).filter(far);
    expect(roof.length).toBeGreaterThanOrEqual(3);
    const colours = await pixelsAt(page, roof);
    expect(colours.filter(reddish).length, `roof of the building in alarm: ${JSON.stringify(colours)}`).toBeGreaterThanOrEqual(Math.ceil(roof.length * 0.6));
    const neighbour = d.buildings.filter((b) => b.id !== building.id && !b.underground)
      .sort((p, q) => Math.hypot(p.x - building.x, p.y - building.y) - Math.hypot(q.x - building.x, q.y - building.y))[0]!;
    const [other] = await pixelsAt(page, [await screenOfPoint(page, neighbour.x, neighbour.y, neighbour.floors * neighbour.floorHeight)]);
    expect(reddish(other!), `roof of ${neighbour.name.zh}: ${other}`).toBe(false);
    // and the legend says what the tint means, with a block of its colour
    const swatch = await page.locator('.legend div', { hasText: '楼栋有报警' }).locator('span.block').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(reddish(swatch.match(/\d+/g)!.map(Number))).toBe(true);

    // The normal markers: a few pixels each, under 1 % of the view together, but there.
    const green = await shareOfColour(page, hexRgb(DISPLAY_COLORS.normal!), 24);
    expect(green).toBeLessThan(0.01);
    expect(green).toBeGreaterThan(0.0002);

    // A normal detector nearby still answers a hover with its name and place (picking as drawn, not as modelled).
    const index = indexDistrict(d);
    const near = await page.evaluate((ids) => ids.map((id) => ({ id, p: window.__twin!.markers!.screenOf(id) })), d.devices.filter((x) => x.id !== gas.id && Math.hypot(x.position.x - gas.position.x, x.position.y - gas.position.y) < 40).map((x) => x.id));
    const canvas = (await page.locator('canvas[data-engine]').boundingBox())!;
    const target = near.filter(({ p }) => p && far(p) && p.x > 380 && p.x < canvas.width - 240 && p.y > 260 && p.y < canvas.height - 40)[0]!;
    expect(target).toBeDefined();
    await page.mouse.move(canvas.x + target.p!.x, canvas.y + target.p!.y);
    const label = page.getByTestId('hover-label');
    await label.waitFor({ timeout: 60_000 });
    // Devices stacked floor over floor share a spot on the screen: the label names one of those under the pointer.
    const under = near.filter(({ p }) => p && Math.hypot(p.x - target.p!.x, p.y - target.p!.y) < 8)
      .map(({ id }) => d.devices.find((x) => x.id === id)!).map((x) => `${DEVICE_TYPE_LABELS[x.type].zh} · ${placeName(index, x, 'zh')}`);
    expect(under).toContain(await label.textContent());
    await page.close();
  }, 240_000);
});

describe('光谷广场 from OpenStreetMap, imported with its register as the README does it', () => {
  const ctx = twinAndBrowser(async () => {
    const fixture = 'test/fixtures/osm-guanggu';
    const work = mkdtempSync(join(tmpdir(), 'guanggu-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'twin-assets/importCli.ts', '--buildings', `${fixture}/guanggu.geojson`, '--devices', `${fixture}/register.csv`,
      '--origin', '30.508,114.395', '--id', 'guanggu', '--name-zh', '光谷广场片区', '--name-en', 'Guanggu Square', '--out', join(work, 'guanggu.json')], { stdio: 'pipe' });
    copyFileSync(`${fixture}/guanggu.local.json`, join(work, 'guanggu.local.json'));
    return startTestTwin({ DISTRICT: join(work, 'guanggu.local.json') });
  });

  it('names its places in the first view, and draws the gas alarm over the smoke detector beside it', async () => {
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 120_000, await sessionAs(ctx.twin.httpUrl, ['operator']));
    const courtyards = new Set(ctx.twin.loaded.district.courtyards.map((c) => c.name.zh));
    await expect.poll(() => page.getByTestId('place-labels').locator('span.courtyard').evaluateAll((els) => els.filter((e) => (e as HTMLElement).style.display !== 'none').map((e) => e.textContent)), { timeout: 60_000 })
      .toSatisfy((names: string[]) => names.length >= 5 && names.every((n) => courtyards.has(n)));

    // gas-jg20-301 and smk-jg20-302: one floor, one flat apart, one spot on the screen
    await openGasAlarm(ctx.twin, page, 'gas-jg20-301');
    const [gas, smoke] = [(await screenOf(page, 'gas-jg20-301'))!, (await screenOf(page, 'smk-jg20-302'))!];
    expect(Math.hypot(gas.x - smoke.x, gas.y - smoke.y)).toBeLessThan(40);
    const [pixel] = await pixelsAt(page, [gas]);
    expect(alarmRed(pixel!), `the alarmed detector's pixel ${pixel}`).toBe(true);
    await page.close();
  }, 240_000);
});
