// The device panel does things: readings drawn by uPlot with the rule's thresholds, a command answered by
// the device tracked to done and one it ignores to timed out, and out of service with a reason, journaled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { AS_OPERATOR, startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

const GAS = 'gas-a1-301';

describe('the device panel', () => {
  const ctx = twinAndBrowser(() => startTestTwin());

  it('charts readings against thresholds, tracks commands to done or timed out, and takes the device out of service with a reason', async () => {
    // The detector itself (its client id is its device id, the only one whose answers count): it closes its valve
    // when told, and stays silent to a self-test (a broken one). Without DEVICE_KEYS it cannot read its commands on
    // the embedded broker; a gateway-like listener with the operator's login hands them over.
    const device = await MqttProbe.connect(ctx.twin.mqttUrl, [], { clientId: GAS });
    const commands = await MqttProbe.connect(ctx.twin.mqttUrl, [`twin/jinhe/dev/${GAS}/cmd`], AS_OPERATOR);
    commands.client.on('message', (_topic, payload) => {
      const { cmd, reqId } = JSON.parse(String(payload));
      if (cmd === 'close_valve') void device.publish(`twin/jinhe/dev/${GAS}/ack`, JSON.stringify({ reqId, ok: true, result: 'valve closed' }));
    });
    for (const [seq, lel] of [[1, 2], [2, 4], [3, 9], [4, 30]] as const) await device.publish(`twin/jinhe/dev/${GAS}/telemetry`, JSON.stringify({ seq, readings: { gas_lel: lel } }));
    await until(() => ctx.twin.pipeline.core.openAlarms().length === 1, 30_000, 'the gas alarm');

    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator'], { name: '值班员李明' }));
    await page.evaluate((id) => (window as unknown as { __twinView: { set(s: object): void } }).__twinView.set({ selectedDeviceId: id }), GAS);
    const chart = page.locator('[data-quantity="gas_lel"] [data-testid="history-chart"]');
    await chart.locator('canvas').waitFor();
    const bands = ctx.twin.loaded.rules.rules.filter((r) => r.deviceType === 'gas' && r.when === 'above').flatMap((r) => ('bands' in r ? r.bands : []));
    expect(await chart.getAttribute('data-thresholds')).toBe(bands.map((b) => `${b.level}:${b.at}`).join(','));
    expect(Number(await chart.getAttribute('data-points'))).toBe(4);

    await page.getByTestId('cmd-close_valve').click();
    await page.locator('[data-testid="commands"] li[data-state="done"]').filter({ hasText: '关闭燃气阀' }).waitFor();
    await page.getByTestId('cmd-test').click();
    await page.locator('[data-testid="commands"] li[data-state="sent"]').filter({ hasText: '自检' }).waitFor();
    await page.locator('[data-testid="commands"] li[data-state="timed_out"]').filter({ hasText: '设备无回应（超时）' }).waitFor({ timeout: 60_000 });

    await page.getByTestId('service-reason').fill('更换电池');
    await page.getByTestId('take-out').click();
    await page.getByTestId('service').filter({ hasText: '更换电池' }).waitFor();
    expect(ctx.twin.pipeline.core.openAlarms()[0]!.state).toBe('out_of_service');
    const journal = readFileSync(ctx.twin.pipeline.journalFile!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(journal.find((r) => r.t === 'service')).toMatchObject({ deviceId: GAS, outOfService: true, reason: '更换电池', by: '值班员李明' });
    await page.getByTestId('back-in-service').click();
    await until(() => !ctx.twin.pipeline.core.alarms.isOutOfService(GAS), 30_000, 'back in service');
    await page.close();
    await device.close();
    await commands.close();
  }, 180_000);
});
