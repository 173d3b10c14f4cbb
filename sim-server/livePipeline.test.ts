// The pipeline's inbound queue: bounded, oldest readings shed first, statuses kept, order kept.
import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../test/helpers/fixtures';
import { metricValue } from '../test/helpers/metrics';
import { LIVE } from '../bridge/topics';
import { ManualClock } from './clock';
import { LivePipeline } from './livePipeline';
import { createMetrics } from './metrics';

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('inbound backpressure', () => {
  it('keeps at most the limit, sheds the oldest readings, keeps statuses, and processes the rest in order', async () => {
    const metrics = createMetrics();
    const p = new LivePipeline(bundledIndex(), bundledRules(), LIVE, new ManualClock(1_000), metrics, () => {});
    p.inboundLimit = 100;
    p.onMqttMessage('twin/jinhe/dev/mh-s-1/status', Buffer.from('{"online":false}'));
    for (let i = 1; i <= 1000; i++) p.onMqttMessage('twin/jinhe/dev/gas-a2-502/telemetry', Buffer.from(JSON.stringify({ seq: i, readings: { gas_lel: i % 50 } })));
    await settle();
    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'twin_mqtt_messages_dropped_total', { reason: 'backpressure' })).toBe(901);
    expect(metricValue(text, 'twin_readings_accepted_total', { format: 'json' })).toBe(99);
    expect(p.core.devices.get('gas-a2-502')!.lastSeq).toBe(1000); // the newest survived and came last
    expect(p.core.devices.get('mh-s-1')!.online).toBe(false);       // the status was never shed
    expect(metricValue(text, 'twin_inbound_queue')).toBe(0);
  });
});
