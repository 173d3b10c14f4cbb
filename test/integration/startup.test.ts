// The real `npm start` entry point as a child process: what it prints, what it serves, how it stops,
// and how it refuses to start.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmJson } from '../../twin-assets/protocol';
import { BUNDLED_DEVICES, bundledDistrictJson } from '../helpers/fixtures';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { killGroup, spawnNode } from '../helpers/serverProcess';

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) killGroup(c); });

/** The way `npm start` runs it: node itself with tsx's loader, so Ctrl-C reaches the server directly (the tsx
 * command relays it and kills the server outright when it does not hear back within 60 ms, as on a busy machine). */
function start(env: Record<string, string>) {
  const started = spawnNode(['--import', 'tsx', 'sim-server/main.ts'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'twin-data-')), ...env });
  children.push(started.child);
  return started;
}

describe('npm start', () => {
  it('prints where everything is (the admin\'s login once, no token, no token in a link), runs the emulators, takes a mosquitto_pub reading and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twin-data-'));
    const operatorToken = 'operator-machine-credential';
    const { child, out, exit } = start({ PORT: '0', MQTT_PORT: '0', DATA_DIR: dataDir, OPERATOR_TOKEN: operatorToken });
    // The first start creates the embedded database (initdb in WebAssembly): ~5 s idle here, several times that
    // while the rest of the suite keeps both cores busy.
    await until(() => out.stdout.includes('Ready.'), 90_000, `startup banner (stderr: ${out.stderr})`);
    const http = /client\s+(http:\/\/localhost:\d+\/)/.exec(out.stdout)?.[1];
    const mqttPort = /MQTT\s+mqtt:\/\/127\.0\.0\.1:(\d+) \(embedded broker\)/.exec(out.stdout)?.[1];
    expect(http).toBeDefined();
    expect(mqttPort).toBeDefined();
    expect(out.stdout).not.toContain(operatorToken);
    expect(out.stdout).not.toMatch(/token=/);
    expect(out.stdout).toMatch(/WARNING\s+devices report without keys/);
    expect(out.stdout).toMatch(new RegExp(`emulators\\s+on \\(${BUNDLED_DEVICES} devices\\)`));
    // The first start makes the administrator and shows its password this once: it logs in.
    const password = /log in as "admin" with the password (\S+)/.exec(out.stdout)?.[1];
    expect(password).toBeDefined();
    const login = await fetch(`${http}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password }) });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^twin_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);

    // The emulators publish each device's retained status over MQTT: the twin sees them all online.
    // Reading device traffic needs a login (the contract's ACL): the operator's machine credential.
    const sub = spawnSync('mosquitto_sub', ['-p', mqttPort!, '-u', 'operator', '-P', operatorToken, '-t', 'twin/jinhe/dev/+/status', '-C', String(BUNDLED_DEVICES), '-W', '10'], { encoding: 'utf8' });
    expect(sub.stdout.trim().split('\n')).toHaveLength(BUNDLED_DEVICES);

    const districtDevices = ((await (await fetch(`${http}api/district`)).json()) as { devices: { id: string; type: string }[] }).devices;
    const gas = districtDevices.find((d) => d.type === 'gas')!;
    const pub = spawnSync('mosquitto_pub', ['-p', mqttPort!, '-t', `twin/jinhe/dev/${gas.id}/telemetry`, '-m', JSON.stringify({ ts: Date.now(), seq: 1, readings: { gas_lel: 40 } })]);
    expect(pub.status).toBe(0);
    await until(async () => ((await (await fetch(`${http}api/alarms`)).json()) as AlarmJson[]).some((a) => a.deviceId === gas.id), 30_000, 'alarm from mosquitto_pub');

    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out.stdout).toContain('stopped.');

    // Started again on the same data: the administrator exists; no password is shown again.
    const again = start({ PORT: '0', MQTT_PORT: '0', DATA_DIR: dataDir, EMULATORS: 'off' });
    await until(() => again.out.stdout.includes('Ready.'), 60_000, `second start (stderr: ${again.out.stderr})`);
    expect(again.out.stdout).not.toContain('first start');
    expect(again.out.stdout).not.toContain(password!);
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
  }, 300_000);

  it('NODE_ENV=production refuses to start without DEVICE_KEYS, with the reason', async () => {
    const { out, exit } = start({ PORT: '0', MQTT_PORT: '0', NODE_ENV: 'production' });
    expect(await exit).toBe(1);
    expect(out.stderr.trim()).toMatch(/^street-twin: NODE_ENV=production needs DEVICE_KEYS/);
  });

  it.each(['PORT', 'MQTT_PORT'])('exits non-zero with a one-line reason when %s is taken', async (variable) => {
    const port = await freePort();
    const blocker: Server = createServer().listen(port, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const { out, exit } = start({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', [variable]: String(port) });
      expect(await exit).toBe(1);
      expect(out.stderr.trim()).toBe(`street-twin: port ${port} is already in use (${variable}); stop whatever holds it or choose another port`);
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero naming the field when the district file is invalid', async () => {
    const bad = bundledDistrictJson();
    bad.buildings[2]!.floors = 0;
    const file = join(mkdtempSync(join(tmpdir(), 'district-')), 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const { out, exit } = start({ PORT: '0', MQTT_PORT: '0', DISTRICT: file });
    expect(await exit).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(`${file} is invalid: buildings[2].floors: expected at least 1`);
  });
});
