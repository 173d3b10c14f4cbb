// Linkage tiers reach people through sinks: a real webhook server, MQTT gateways, the in-app record.
// A drill's notifications never reach a sink for real people.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt } from '../../bridge/mqttLink';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import type { Notification } from '../../sim-server/core/notifications';
import { LivePipeline } from '../../sim-server/livePipeline';
import { createMetrics } from '../../sim-server/metrics';
import { validateCap } from '../helpers/capSchema';
import { bundledIndex, bundledRules } from '../helpers/fixtures';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { addPerson, mqttLogin } from '../helpers/people';

describe('notifications', () => {
  let webhook: Server;
  const posted: Notification[] = [];
  let twin: RunningTwin;
  let probe: MqttProbe;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += String(c); });
      req.on('end', () => { posted.push(JSON.parse(body)); res.end('ok'); });
    }).listen(0, '127.0.0.1');
    await new Promise((r) => webhook.once('listening', r));
    twin = await startTestTwin({ NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/notify` }, { clock, tickMs: 3_600_000 });
    probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/notify/#', 'drill/+/jinhe/notify/#', 'drill/+/jinhe/cap'], mqttLogin(await addPerson(twin.httpUrl, ['admin'])));
  });
  afterAll(async () => { await probe?.close(); await twin?.stop(); webhook?.close(); });

  it('a level I gas leak reaches every tier at once: webhook, gateways and the in-app record', async () => {
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 40 } }));
    await until(() => posted.length === 13, 30_000, '13 webhook posts');
    const alarmId = posted[0]!.alarmId;
    expect(new Set(posted.map((n) => n.tier))).toEqual(new Set(['household', 'building', 'grid', 'community', 'street']));
    expect(posted.map((n) => n.recipient.address)).toContain('119');
    expect(new Set(posted.map((n) => n.at)).size).toBe(1); // the same moment for every tier
    await until(() => probe.messages.filter((m) => m.topic.startsWith('twin/jinhe/notify/')).length === 13, 30_000, 'gateway messages');
    const channels = probe.messages.filter((m) => m.topic.startsWith('twin/jinhe/notify/')).map((m) => m.topic.split('/').at(-1));
    expect(new Set(channels)).toEqual(new Set(['voice', 'sms', 'wechat', 'screen', 'radio']));
    const detail = await (await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(alarmId)}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json();
    expect(detail.notifications).toHaveLength(13);
    expect(detail.factors).toEqual(['reading:II', 'vulnerable_household']);
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(text, 'twin_notifications_total', { sink: 'webhook', channel: 'voice', outcome: 'sent' })).toBe(5);
  });

  it('an alarm nobody acknowledges escalates and its tiers are notified again', async () => {
    posted.length = 0;
    await probe.publish('twin/jinhe/dev/smk-a1-602/telemetry', JSON.stringify({ readings: { alarm: true } }));
    // The whole round is in once the webhook has every notification the in-app record holds.
    const round = (alarmId: string, n: number) => twin.pipeline.announcer.inApp.of(alarmId).filter((x) => x.round === n).length;
    await until(() => posted.length > 0 && posted.length === round(posted[0]!.alarmId, 1), 30_000, 'first round');
    const first = posted.splice(0);
    expect(new Set(first.map((n) => n.tier))).toEqual(new Set(['household', 'building', 'grid']));
    expect(first.every((n) => n.round === 1 && n.level === 'II')).toBe(true);
    clock.advance(3 * 60_000);
    twin.pipeline.tick();
    await until(() => posted.some((n) => n.round === 2) && posted.filter((n) => n.alarmId === first[0]!.alarmId).length === round(first[0]!.alarmId, 2), 30_000, 'second round');
    const second = posted.filter((n) => n.alarmId === first[0]!.alarmId);
    expect(second.every((n) => n.round === 2 && n.level === 'I')).toBe(true);
    expect(new Set(second.map((n) => n.tier))).toEqual(new Set(['household', 'building', 'grid', 'community', 'street']));
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(text, 'twin_alarm_escalations_total')).toBeGreaterThanOrEqual(1);
  });

  it('a drill alarm goes through the same logic but never reaches the webhook or the live topics', async () => {
    posted.length = 0;
    const liveNotifyBefore = probe.messages.filter((m) => m.topic.startsWith('twin/jinhe/notify/')).length;
    const metrics = createMetrics();
    const drill = new LivePipeline(bundledIndex(), bundledRules(), { kind: 'drill', drillId: 'd1' }, clock, metrics, () => {});
    const link = await connectMqtt(twin.mqttUrl, 'street-twin-drill-d1', drill.topics.deviceSubscriptions(), (t, p) => drill.onMqttMessage(t, p), twin.mqttLogin);
    drill.attach(link, { webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/notify` });
    await probe.publish('drill/d1/jinhe/dev/gas-b1-201/telemetry', JSON.stringify({ readings: { gas_lel: 45 } }));
    await until(() => probe.messages.some((m) => m.topic === 'drill/d1/jinhe/cap'), 30_000, 'drill CAP');
    const cap = probe.messages.find((m) => m.topic === 'drill/d1/jinhe/cap')!.payload.toString();
    expect(cap).toContain('<status>Exercise</status>');
    expect(validateCap(cap).valid).toBe(true);
    await until(() => probe.messages.some((m) => m.topic.startsWith('drill/d1/jinhe/notify/')), 30_000, 'drill gateway messages');
    // Every notification of the drill's alarm has been before the webhook sink, which refused each one.
    const drillAlarm = drill.core.openAlarms()[0]!.id;
    const refusedAll = async () => ['voice', 'sms', 'wechat', 'screen', 'radio'].reduce(async (sum, channel) => (await sum) + (metricValue(await metrics.registry.metrics(), 'twin_notifications_total', { sink: 'webhook', channel, outcome: 'refused_exercise' }) ?? 0), Promise.resolve(0));
    await until(async () => (await refusedAll()) === drill.announcer.inApp.of(drillAlarm).length, 30_000, 'the webhook to refuse every drill notification');
    expect(posted).toEqual([]);
    expect(probe.messages.filter((m) => m.topic.startsWith('twin/jinhe/notify/')).length).toBe(liveNotifyBefore);
    const refused = metricValue(await metrics.registry.metrics(), 'twin_notifications_total', { sink: 'webhook', channel: 'voice', outcome: 'refused_exercise' });
    expect(refused).toBeGreaterThan(0);
    expect(drill.core.openAlarms()[0]!.exercise).toBe(true);
    expect(twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'gas-b1-201')).toBe(false);
    await link.close();
  });
});
