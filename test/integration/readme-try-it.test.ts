// The README's "Try it" runs exactly as written on a default `npm start` (emulators on): its own command
// text is read from README.md and run by bash, with only the ports moved to free ones.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';

function tryItCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'));
  const block = section.slice(section.indexOf('```sh\n') + 6, section.indexOf('\n```', section.indexOf('```sh\n') + 6));
  return block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
}

describe('the README\'s "Try it"', () => {
  let server: ServerProcess | null = null;
  afterAll(() => { server?.child.kill('SIGKILL'); });

  it('gives a retained alarm and its CAP message on a default npm start', async () => {
    const commands = tryItCommands();
    expect(commands[0]).toBe('npm start');
    const [port, mqttPort] = [await freePort(), await freePort()];
    const onOurPorts = (cmd: string) => cmd.replaceAll('-p 1883', `-p ${mqttPort}`).replaceAll('localhost:2567', `localhost:${port}`);
    server = await startServerProcess({ PORT: String(port), MQTT_PORT: String(mqttPort), DATA_DIR: mkdtempSync(join(tmpdir(), 'try-it-')) });
    expect(server.out.stdout).toMatch(/emulators\s+on/);
    // Let the emulated detector report a few times first, as it will have on a real start.
    await until(async () => ((await (await fetch(`http://127.0.0.1:${port}/api/devices/gas-a1-301`)).json()).state.lastSeq ?? 0) >= 1, 60_000, 'the emulated detector reporting');

    const [sub, ...rest] = commands.slice(1).map(onOurPorts);
    expect(sub).toMatch(/^mosquitto_sub /);
    const subscriptions = async () => metricValue(await (await fetch(`http://127.0.0.1:${port}/metrics`, SCRAPE)).text(), 'twin_broker_subscriptions_total') ?? 0;
    const before = await subscriptions();
    const watcher = spawn('bash', ['-c', sub!], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    watcher.stdout!.on('data', (d) => { seen += String(d); });
    try {
      await until(async () => (await subscriptions()) >= before + 2, 10_000, 'mosquitto_sub subscribed'); // its two topics
      for (const cmd of rest) {
        const run = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        run.stdout!.on('data', (d) => { out += String(d); });
        const code = await new Promise<number | null>((r) => run.once('exit', r));
        expect(code, cmd).toBe(0);
        if (cmd.startsWith('curl')) expect(out).toContain('"gas-a1-301"');
      }
      await until(() => /twin\/jinhe\/alarm\/gas-a1-301\S* \{.*"kind":"gas_leak"/.test(seen) && /twin\/jinhe\/cap <\?xml.*<msgType>Alert<\/msgType>/s.test(seen), 30_000, 'the alarm and its CAP Alert in mosquitto_sub');
    } finally { watcher.kill(); }
  }, 120_000);
});
