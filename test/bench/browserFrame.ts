// Frame time and draw calls of the client in headless Chromium (SwiftShader: software WebGL, so
// absolute frame times are far slower than on a GPU; compare runs with each other).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin, type RunningTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { importDistrict } from '../../twin-assets/districtImport';
import { launchChromium, withSession } from '../helpers/chromium';
import { ADMIN_PASSWORD, sessionAs } from '../helpers/people';

export async function benchBrowser(twin: RunningTwin, sampleMs: number) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await withSession(page, twin.httpUrl, await sessionAs(twin.httpUrl, ['viewer']));
    const t0 = performance.now();
    await page.goto(twin.httpUrl);
    await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 0 && window.__twin?.markers, null, { timeout: 120_000 });
    const firstFrameMs = Math.round(performance.now() - t0);
    await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 10, null, { timeout: 120_000 });
    const start = await page.evaluate(() => ({ frames: window.__twin!.frames, t: performance.now() }));
    await page.waitForTimeout(sampleMs);
    return await page.evaluate((s) => {
      const p = window.__twin!;
      const elapsed = performance.now() - s.t;
      return { frameMs: Math.round((elapsed / (p.frames - s.frames)) * 10) / 10, drawCalls: p.drawCalls, triangles: p.triangles, markers: p.markers?.count ?? 0 };
    }, start).then((r) => ({ firstFrameMs, ...r }));
  } finally {
    await browser.close();
  }
}

/** The three scenes one after the other, on the same machine in the same run, so their frame times compare. */
export async function benchScenes(streetFile: string) {
  const guangguFile = join(mkdtempSync(join(tmpdir(), 'guanggu-')), 'guanggu.json');
  const map = JSON.parse(readFileSync('test/fixtures/osm-guanggu/guanggu.geojson', 'utf8'));
  writeFileSync(guangguFile, JSON.stringify(importDistrict(map, { id: 'guanggu', origin: { lat: 30.508, lon: 114.395 } }).district));
  const measure = async (district: string | null) => {
    const twin = await startTwin(configFromEnv({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', ADMIN_PASSWORD, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')), ...(district ? { DISTRICT: district } : {}) }), { log: () => {} });
    try { return { buildings: twin.loaded.district.buildings.length, devices: twin.loaded.district.devices.length, ...(await benchBrowser(twin, 5000)) }; } finally { await twin.stop(); }
  };
  const base = await measure(null);
  const street = await measure(streetFile);
  const guanggu = await measure(guangguFile);
  return { default: base, street, guanggu, ratio: Math.round((street.frameMs / base.frameMs) * 10) / 10 };
}
