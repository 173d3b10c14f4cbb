// Every command line takes --help, and refuses an unknown option with one line and exit code 2.
import { describe, expect, it } from 'vitest';
import { spawnScript } from '../helpers/serverProcess';

const COMMANDS: [string, string][] = [
  ['emulate', 'device-emulators/cli.ts'],
  ['record', 'bridge/recordCli.ts'],
  ['replay', 'bridge/replayCli.ts'],
  ['scenario:check', 'scenarios/checkCli.ts'],
  ['scenario:run', 'sim-server/drill/runCli.ts'],
  ['district:generate', 'scripts/generate-district.ts'],
  ['journal:repair', 'sim-server/journal/repairCli.ts'],
  ['devices:keys', 'scripts/device-keys.ts'],
  ['broker:config', 'scripts/broker-config.ts'],
  ['tls:selfsigned', 'scripts/tls-cert.ts'],
  ['plan', 'sim-server/planner/planCli.ts'],
  ['district:import', 'twin-assets/importCli.ts'],
  ['screenshot:planner', 'scripts/planner-screenshot.ts'],
  ['screenshot:editor', 'scripts/editor-screenshot.ts'],
  ['screenshot:history', 'scripts/history-screenshot.ts'],
  ['history:import', 'sim-server/history/importCli.ts'],
  ['db:backup', 'sim-server/history/backupCli.ts'],
  ['db:restore', 'sim-server/history/restoreCli.ts'],
];

describe('command lines', () => {
  it.each(COMMANDS)('npm run %s -- --help explains it, and an unknown option is refused with one line', async (name, script) => {
    const help = spawnScript(script, ['--help']);
    const bad = spawnScript(script, ['--no-such-option']);
    expect(await help.exit).toBe(0);
    expect(help.out.stdout).toMatch(new RegExp(`^npm run ${name}\\b`));
    expect(help.out.stdout.split('\n').length).toBeGreaterThan(2);
    expect(await bad.exit).toBe(2);
    expect(bad.out.stderr.trim()).toBe(`${name}: Unknown option '--no-such-option' (--help shows the options)`);
  });
});
