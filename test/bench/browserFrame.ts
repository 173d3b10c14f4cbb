// Frame time and draw calls of the client in headless Chromium (SwiftShader: software WebGL, so
// absolute frame times are far slower than on a GPU; compare runs with each other).
import type { RunningTwin } from '../../sim-server/app';
import { launchChromium } from '../helpers/chromium';

export async function benchBrowser(twin: RunningTwin, sampleMs: number) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
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
