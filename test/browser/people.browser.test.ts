// Two people in Chromium, each seeing and doing only what they may (zh-CN): the street centre's operator sees
// every alarm and the residents behind them; a community staff member working in 粮站宿舍院落 (cy-b) sees that
// courtyard's alarm only — the other is never sent to her page — acknowledges it with a click (recorded under her
// name), and sees no resident of another courtyard. Neither manages people.
import { describe, expect, it } from 'vitest';
import type { AlarmJson } from '../../twin-assets/protocol';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { addPerson } from '../helpers/people';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

describe('people in the browser', () => {
  const ctx = twinAndBrowser(() => startTestTwin());

  it('an operator and a community staff member each see and do only what they may', async () => {
    const probe = await MqttProbe.connect(ctx.twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 35 } })); // 纺织厂老院落 (cy-a)
    await probe.publish('twin/jinhe/dev/smk-b1-201/telemetry', JSON.stringify({ readings: { alarm: true } })); // 粮站宿舍院落 (cy-b)
    await until(() => ctx.twin.pipeline.core.openAlarms().length === 2, 30_000, 'two alarms');
    await probe.close();
    const operator = await addPerson(ctx.twin.httpUrl, ['operator'], { name: '值班员李明' });
    const wang = await addPerson(ctx.twin.httpUrl, ['community'], { name: '社区王红', scope: { courtyardIds: ['cy-b'] } });

    const opPage = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, operator.cookie);
    await expect.poll(() => opPage.locator('li.alarm').count(), { timeout: 60_000 }).toBe(2);
    expect(await opPage.getByTestId('admin-link').count()).toBe(0);
    await opPage.evaluate(() => window.__twinView!.set({ selectedDeviceId: 'gas-a1-301' }));
    await opPage.getByTestId('device-panel').filter({ hasText: '王秀兰' }).waitFor();

    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, wang.cookie);
    await page.getByTestId('whoami').filter({ hasText: '社区王红 · 社区工作人员' }).waitFor();
    const rows = page.locator('li.alarm');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('粮站宿舍院落');
    expect(await page.locator('body').textContent()).not.toContain('燃气泄漏'); // the gas leak in cy-a never reached her page
    expect(await page.getByTestId('admin-link').count()).toBe(0);
    // Not her courtyard: the device panel shows the flat, not who lives there.
    await page.evaluate(() => window.__twinView!.set({ selectedDeviceId: 'gas-a1-301' }));
    await page.getByTestId('device-panel').filter({ hasText: '住户' }).waitFor(); // the panel's detail is in
    expect(await page.getByTestId('device-panel').textContent()).not.toContain('王秀兰');
    // Her courtyard's alarm she acknowledges, and the record names her.
    await rows.first().getByRole('button', { name: '确认' }).click();
    await page.locator('li.alarm[data-state="active_acked"]').waitFor({ timeout: 60_000 });
    const alarms = await (await fetch(`${ctx.twin.httpUrl}api/alarms`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json() as AlarmJson[];
    expect(alarms.find((a) => a.deviceId === 'smk-b1-201')).toMatchObject({ state: 'active_acked', ackedBy: '社区王红' });
    expect(alarms.find((a) => a.deviceId === 'gas-a1-301')).toMatchObject({ state: 'active_unacked' });
    await page.close();
    await opPage.close();
  }, 240_000);
});
