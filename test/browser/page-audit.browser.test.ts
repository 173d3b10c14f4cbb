// The walk-through's auditor (helpers/pageAudit.ts) checked on a page made of the very faults it is there to
// find, one of each, and on a page with none: a walk-through that passes means something only if the auditor
// can fail.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../helpers/chromium';
import { auditPage, watchPage } from '../helpers/pageAudit';

const FAULTY = `<!doctype html><html><body style="font: 14px sans-serif">
  <div id="dead" style="cursor: pointer">打开</div>
  <button id="faint" disabled>保存</button>
  <p>场景 kitchen-leak 状态 resolved</p>
  <div style="width: 40px; overflow: hidden; white-space: nowrap">a sentence far too long for its box</div>
  <span style="display: inline-block; width: 14px">网格员</span>
  <span data-label style="position: absolute; left: 300px; top: 300px">光谷广场</span>
  <span data-label style="position: absolute; left: 305px; top: 302px">教工宿舍</span>
  <p>\u{E000}</p>
  <section style="height: 30px; overflow: auto"><p>人员</p><p>添加人员</p><p>审计日志</p></section>
  <script>console.error('boom')</script>
</body></html>`;

const CLEAN = `<!doctype html><html><body style="font: 14px sans-serif">
  <button id="live">Save</button> <div id="acts" style="cursor: pointer">Show</div>
  <button disabled style="opacity: 0.5">Delete</button>
  <p>A short line that fits.</p>
  <script>document.getElementById('acts').onclick = () => {};</script>
</body></html>`;

describe('the page auditor', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it('finds each fault on a page made of them', async () => {
    const page = await newPage(browser, { viewport: { width: 800, height: 600 } });
    const seen = watchPage(page);
    await page.setContent(FAULTY);
    const found = [...seen, ...await auditPage(page, 'zh')].join('\n');
    for (const fault of [
      /looks clickable but does nothing: "打开"/, /looks enabled but is disabled: "保存"/, /raw id "kitchen-leak"/, /English "resolved"/,
      /cut off: "a sentence far too long/, /broken over \d lines: "网格员"/, /labels over each other: "光谷广场" and "教工宿舍"/,
      /missing glyphs \u{E000}/u, /squashed: 30 px high/, /no served font for .*网格员|no served font for .*打开/, /console error: boom/,
    ]) expect(found).toMatch(fault);
    await page.close();
  }, 120_000);

  it('finds nothing on a page without them', async () => {
    const page = await newPage(browser, { viewport: { width: 800, height: 600 } });
    const seen = watchPage(page);
    await page.setContent(CLEAN);
    expect([...seen, ...await auditPage(page, 'zh')]).toEqual([]);
    await page.close();
  }, 120_000);
});
