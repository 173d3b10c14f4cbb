// Every device type round-trips: emulator → broker → bridge → twin → alarm engine, against both
// brokers. Hazards drive the emulated readings, as a drill's scenario does. Commands go the other
// way: the twin sends, the emulated device acts and answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE } from '../../bridge/topics';
import { startEmulators, type RunningEmulators } from '../../device-emulators/runner';
import type { Readings } from '../../device-emulators/models';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import { DEVICE_TYPES } from '../../twin-assets/deviceCatalog';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GATEWAY_KEY = 'gateway-key-for-the-emulators-test';

/** One device of each type, the hazard it senses, and the alarm the engine must raise. */
const CASES: [string, Readings, string][] = [
  ['smk-a3-101', { smoke_obscuration_pct_m: 14 }, 'fire'],
  ['gas-b1-201', { gas_lel: 38 }, 'gas_leak'],
  ['flow-c1', { flow_lpm: 220 }, 'sprinkler_flow'],
  ['hyd-s-2', { pressure_mpa: 0.06 }, 'hydrant_low_pressure'],
  ['lvl-s-underpass', { level_m: 0.6 }, 'flood'],
  ['mh-s-3', { tilt_deg: 52 }, 'manhole_displaced'],
  ['elec-b2-shop', { leak_current_ma: 640 }, 'electrical_leak'],
  ['pile-b-yard', { temp_c: 92 }, 'charging_overheat'],
  ['cam-a-yard', { max_temp_c: 210 }, 'hot_spot'],
  ['elv-c2-2', { passenger_trapped: true }, 'elevator_entrapment'],
  ['crane-d1', { wind_mps: 23 }, 'crane_high_wind'],
  ['brc-b1-201', { fall_detected: true }, 'fall'],
];

describe.each(['embedded aedes', 'mosquitto'] as const)('emulators through %s', (brokerKind) => {
  let mosquitto: Mosquitto | null = null;
  let twin: RunningTwin;
  let emulators: RunningEmulators;
  const hazards = new Map<string, Readings>();
  const clock = new ManualClock(1_763_870_400_000);

  beforeAll(async () => {
    if (brokerKind === 'mosquitto') mosquitto = await startMosquitto();
    // On the embedded broker the emulators log in as a gateway (DEVICE_KEYS): one client reading every device's
    // commands and answering them, as only a device or its gateway may.
    const keys = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.csv');
    writeFileSync(keys, `clientId,key,role\nemulators-gw,${GATEWAY_KEY},gateway\n`);
    twin = await startTestTwin(mosquitto ? { MQTT_URL: mosquitto.url } : { DEVICE_KEYS: keys }, { clock, tickMs: 3_600_000 });
    const emulated = twin.loaded.district.devices.filter((d) => d.id !== 'gas-a2-502'); // one device is left silent
    emulators = await startEmulators({ brokerUrl: twin.mqttUrl, districtId: 'jinhe', devices: emulated, root: LIVE, seed: 7, intervalScale: 0.01, hazard: (id) => hazards.get(id) ?? null,
      clientOptions: mosquitto ? {} : { clientId: 'emulators-gw', username: 'emulators-gw', password: GATEWAY_KEY } });
  });
  afterAll(async () => { await emulators?.stop(); await twin?.stop(); await mosquitto?.stop(); });

  it('covers every device type', () => {
    expect(new Set(CASES.map(([id]) => twin.loaded.district.devices.find((d) => d.id === id)!.type))).toEqual(new Set(DEVICE_TYPES));
  });

  it('a quiet district raises nothing', async () => {
    await until(() => twin.pipeline.core.devices.get('gas-b1-201')?.lastSeq !== null && twin.pipeline.core.devices.get('crane-d1')?.lastSeq !== null, 30_000, 'first readings');
    expect(twin.pipeline.core.openAlarms()).toEqual([]);
  });

  it('a hazard at each device raises its alarm through the real engine', async () => {
    for (const [id, readings] of CASES) { hazards.set(id, readings); emulators.push(id); }
    await until(() => CASES.every(([id]) => twin.pipeline.core.devices.get(id)?.updatedAt !== null && matches(twin, id)), 30_000, 'readings under the hazards');
    // Water level and wind wait out their on-delays (10 s, 3 s) on the twin's clock.
    clock.advance(11_000);
    twin.pipeline.tick();
    await until(() => CASES.every(([id, , kind]) => twin.pipeline.core.openAlarms().some((a) => a.deviceId === id && a.kind === kind)), 30_000, 'every alarm');
  });

  it('a command reaches the device, which acts and answers: the gas valve shut, the reading falls, the alarm returns to normal', async () => {
    const res = await fetch(`${twin.httpUrl}api/devices/gas-b1-201/cmd`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ cmd: 'close_valve' }) });
    expect(res.status).toBe(202);
    const { reqId } = await res.json();
    await until(() => twin.pipeline.core.commands.of('gas-b1-201').some((c) => c.reqId === reqId && c.state === 'done'), 30_000, 'the device\'s answer');
    await until(() => (twin.pipeline.core.devices.get('gas-b1-201')!.readings.gas_lel as number) < 7, 10_000, 'the gas to fall');
    clock.advance(31_000); // the gas rule's off-delay
    twin.pipeline.tick();
    const gas = twin.pipeline.core.alarms.openAlarmsOf('gas-b1-201').find((a) => a.kind === 'gas_leak');
    expect(gas?.state).toBe('rtn_unacked');
  });

  it('a command nobody answers becomes a device fault', async () => {
    const res = await fetch(`${twin.httpUrl}api/devices/gas-a2-502/cmd`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ cmd: 'close_valve' }) });
    expect(res.status).toBe(202);
    clock.advance(10_000);
    twin.pipeline.tick();
    await until(() => twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'gas-a2-502' && a.kind === 'command_failed'), 30_000, 'the fault');
    expect(twin.pipeline.core.commands.of('gas-a2-502')[0]!.state).toBe('timed_out');
  });
});

function matches(twin: RunningTwin, id: string): boolean {
  const [, expected] = CASES.find(([d]) => d === id)!;
  const now = twin.pipeline.core.devices.get(id)!.readings;
  return Object.entries(expected).every(([q, v]) => now[q] === v || (q === 'smoke_obscuration_pct_m' && now.alarm === true));
}
