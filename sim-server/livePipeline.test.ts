// The pipeline takes each message through the core at once, in order: nothing waits in a queue it could drop from.
import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../test/helpers/fixtures';
import { metricValue } from '../test/helpers/metrics';
import { LIVE } from '../bridge/topics';
import { ManualClock } from './clock';
import { LivePipeline } from './livePipeline';
import { createMetrics } from './metrics';

describe('inbound messages', () => {
  it('are all applied, in order, before onMqttMessage returns: none is shed', async () => {
    const metrics = createMetrics();
    const p = new LivePipeline(bundledIndex(), bundledRules(), LIVE, new ManualClock(1_000), metrics, () => {});
    p.onMqttMessage('twin/jinhe/dev/mh-s-1/status', Buffer.from('{"online":false}'));
    for (let i = 1; i <= 100_000; i++) p.onMqttMessage('twin/jinhe/dev/gas-a2-502/telemetry', Buffer.from(JSON.stringify({ seq: i, readings: { gas_lel: i % 5 } })));
    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'twin_readings_accepted_total', { format: 'json' })).toBe(100_000);
    expect(p.core.devices.get('gas-a2-502')!.lastSeq).toBe(100_000);
    expect(p.core.devices.get('mh-s-1')!.online).toBe(false);
    expect(text).not.toMatch(/reason="backpressure"/);
  });
});
