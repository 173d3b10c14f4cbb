// `npm run emulate` as a person runs it: against a broker, with a progress line, and clear refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { BUNDLED_DEVICES } from '../helpers/fixtures';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { spawnScript } from '../helpers/serverProcess';
import { startTestTwin } from '../helpers/twin';

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { out, exit } = spawnScript('device-emulators/cli.ts', args);
  const code = await exit;
  return { code, ...out };
}

describe('npm run emulate', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin(); });
  afterAll(async () => { await twin?.stop(); });

  it('drives the broker with every device of the district and shows its progress', async () => {
    const r = await run(['--broker', twin.mqttUrl, '--rate', '40', '--duration', '3', '--faults', 'duplicate=0.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Emulating ${BUNDLED_DEVICES} devices of "jinhe"`);
    expect(r.stdout).toMatch(/\d+ s · \d+ messages · \d+\/s · errors 0/);
    expect(r.stdout).toMatch(/stopped after \d+ messages/);
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(text, 'twin_mqtt_messages_in_total', { leaf: 'status' })).toBeGreaterThanOrEqual(BUNDLED_DEVICES);
    expect(metricValue(text, 'twin_readings_accepted_total', { format: 'json' })).toBeGreaterThan(BUNDLED_DEVICES);
    expect(metricValue(text, 'twin_mqtt_messages_dropped_total', { reason: 'duplicate' })).toBeGreaterThan(0);
    const heard = twin.loaded.district.devices.filter((d) => twin.pipeline.core.devices.get(d.id)?.updatedAt !== null);
    expect(heard).toHaveLength(BUNDLED_DEVICES);
  }, 30_000);

  it.each([
    [['--rate', '0'], /--rate must be a number above 0/],
    [['--faults', 'sparks=1'], /--faults: "sparks=1"/],
    [['--district', '/nonexistent.json'], /\/nonexistent\.json: file not found/],
    [['--broker', 'mqtt://127.0.0.1:1', '--duration', '1'], /cannot reach the broker/],
  ])('refuses %j with one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
