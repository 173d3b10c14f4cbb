// A resident on a 390×844 phone reports a hazard with a real photo file; the operator's console shows it at
// once (in the list and as a pin in the twin), with the photo, and the operator accepts it and sends the
// grid worker; the resident's number then shows the new status.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { newPage, openTwinPage } from '../helpers/chromium';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

const PHOTO = fileURLToPath(new URL('../fixtures/photos/photo-1600x1200.jpg', import.meta.url));

describe('a resident\'s hazard report, from phone to console', () => {
  const ctx = twinAndBrowser(() => startTestTwin());
  let id = '';

  it('on a phone: category, a real photo, a building tapped on the map, sent; the number comes back; nothing overlaps', async () => {
    const phone = await newPage(ctx.browser, { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.goto(`${ctx.twin.httpUrl}report`);
    await phone.getByTestId('building-map').waitFor();
    expect(await phone.title()).toContain('隐患随手拍');
    // The phone page is light: it never downloads the 3D scene.
    const scripts = await phone.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    expect(scripts.some((s) => /TwinScene/.test(s))).toBe(false);

    await expect.poll(() => phone.getByTestId('report-send').textContent()).toBe('请选择隐患类型');
    await phone.getByTestId('category-ebike_charging').tap();
    await phone.getByTestId('photo-input').setInputFiles(PHOTO);
    await phone.getByTestId('photo-preview').waitFor();
    // Tap building 1栋 of the textile-mill courtyard on the map.
    const box = await phone.locator('[data-building="b-a1"]').boundingBox();
    await phone.getByTestId('building-map').tap({ position: await phone.getByTestId('building-map').evaluate((svg, b) => { const r = svg.getBoundingClientRect(); return { x: b!.x + b!.width / 2 - r.left, y: b!.y + b!.height / 2 - r.top }; }, box) });
    await expect.poll(() => phone.getByTestId('picked-place').textContent()).toBe('纺织厂老院落 1栋');
    await phone.getByTestId('report-text').fill('一楼楼道有电动车在充电');

    const overlaps = await phone.evaluate(() => {
      const boxes = [...document.querySelectorAll('.report-page section, .report-page .send')].map((e) => e.getBoundingClientRect());
      const clash = boxes.some((a, i) => boxes.some((b, j) => j > i && a.top < b.bottom - 1 && b.top < a.bottom - 1 && a.left < b.right && b.left < a.right));
      return { clash, widest: Math.max(...[...document.querySelectorAll('.report-page *')].map((e) => e.getBoundingClientRect().right)) };
    });
    expect(overlaps.clash).toBe(false);
    expect(overlaps.widest).toBeLessThanOrEqual(390); // nothing runs off the side of the phone

    await phone.getByTestId('report-send').tap();
    await phone.getByTestId('report-sent').waitFor();
    id = (await phone.getByTestId('report-id').textContent())!;
    expect(id).toMatch(/^R\d{8}-\d{4}$/);
    await expect.poll(() => phone.getByTestId('report-status').textContent()).toContain('已提交，待受理');
    const stored = ctx.twin.pipeline.desks.reports.get(id)!;
    expect(stored).toMatchObject({ category: 'ebike_charging', text: '一楼楼道有电动车在充电', place: { buildingId: 'b-a1' }, photo: { type: 'jpg', width: 1600, height: 1200 } });
    await phone.close();
  });

  it('the operator sees it in the list and as a pin, opens its photo, accepts it and sends the grid worker', async () => {
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator'], { name: '值班员李明' }));
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('值班员');
    const row = page.locator(`[data-report="${id}"]`);
    await expect.poll(() => row.textContent()).toContain('电动车楼道充电');
    expect(await row.textContent()).toContain('纺织厂老院落 1栋');
    expect(await page.evaluate(() => window.__twin!.instances!()['report-pins'])).toBe(1);
    await row.locator('.report-head').click();
    await page.getByTestId('report-photo').waitFor();
    expect(await page.getByTestId('report-photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    await page.getByTestId('report-accept').click();
    await until(() => ctx.twin.pipeline.desks.reports.get(id)?.status === 'accepted', 30_000, 'accepted');
    await expect.poll(() => row.textContent()).toContain('已受理');
    await page.getByTestId('report-assign').click();
    await until(() => ctx.twin.pipeline.desks.reports.get(id)?.status === 'assigned', 30_000, 'assigned');
    await expect.poll(() => row.textContent()).toContain('已派网格员处置');
    await page.close();

    const phone = await newPage(ctx.browser, { viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await phone.goto(`${ctx.twin.httpUrl}report`);
    await phone.getByTestId('lookup-id').fill(id);
    await phone.getByTestId('lookup-id').press('Enter');
    await expect.poll(() => phone.getByTestId('report-status').textContent()).toContain('已派网格员处置');
    expect(await phone.getByTestId('report-status').textContent()).toContain('已受理');
    await phone.close();
  });
});
