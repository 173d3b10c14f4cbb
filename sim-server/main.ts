// `npm start`: read the environment, start the twin, print where everything is, stop on Ctrl-C.
import { DeviceKeysError } from '../bridge/deviceKeys';
import { PortInUseError } from '../bridge/embeddedBroker';
import { startTwin } from './app';
import { ConfigError, configFromEnv } from './config';
import { DistrictFileError } from './districtFiles';
import { JournalCorrupt } from './journal/journal';

function fail(message: string): never {
  console.error(`street-twin: ${message}`);
  process.exit(1);
}

async function main() {
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  let twin;
  try {
    twin = await startTwin(config);
  } catch (e) {
    if (e instanceof PortInUseError || e instanceof DistrictFileError || e instanceof DeviceKeysError) fail(e.message);
    if (e instanceof JournalCorrupt) fail(`${e.message}\n  To go on: stop here and run "npm run journal:repair -- ${e.file}": it moves the records it cannot read aside (with their line numbers) and keeps the rest.`);
    fail((e as Error).message);
  }
  // From here Ctrl-C stops cleanly: while the history catches up, and the moment "Ready." shows (a signal that
  // finds no handler kills the process outright).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const timer = setTimeout(() => { console.error('street-twin: did not stop within 10 s; exiting'); process.exit(1); }, 10_000);
    await twin.stop();
    clearTimeout(timer);
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // "Ready." means ready: the history has what the journal holds and the drills are back (health says "starting" until then).
  if (!twin.history.ready || !twin.drills.ready) {
    console.log('Bringing the history up to date with the journal…');
    while (!twin.history.ready || !twin.drills.ready) await new Promise((r) => setTimeout(r, 100));
  }
  const d = twin.loaded.district;
  const lines = [
    `街道应急数字孪生 Street Twin — ${d.name.zh} / ${d.name.en} (${d.devices.length} devices)`,
    `  client          ${twin.httpUrl}   (log in; drills at ${twin.httpUrl}?drills, the scenario editor at ${twin.httpUrl}editor)`,
    ...(twin.bootstrap ? [`  first start     log in as "${twin.bootstrap.login}" with ${twin.bootstrap.password ? `the password ${twin.bootstrap.password}   (shown this once: keep it, then add people at ${twin.httpUrl}?admin)` : 'ADMIN_PASSWORD'}`] : []),
    `  residents       ${twin.httpUrl}report   (a phone page to report a hazard with a photo; no login)`,
    `  alarm health    ${twin.httpUrl}kpis   (ISA-18.2 / EEMUA 191 figures)`,
    `  planner         ${twin.httpUrl}?planner&type=gas   (where sensors should go: gas, smoke, water_level)`,
    `  teams           ${twin.httpUrl}?team   (drills rated over time, improvement plans)`,
    `  alarm records   ${twin.httpUrl}history   (the alarms of any period, CSV)`,
    `  MQTT            ${twin.mqttUrl}${twin.embeddedBroker ? ' (embedded broker)' : ''}`,
    `  live topics     twin/${d.id}/dev/<deviceId>/telemetry   (devices: GET ${twin.httpUrl}api/district)`,
    ...(twin.embeddedBroker && !config.deviceKeysFile ? ['  WARNING         devices report without keys: anyone on this network may publish readings. Set DEVICE_KEYS (npm run devices:keys) before real use; NODE_ENV=production refuses to start without it'] : []),
    `  machine tokens  ${config.generatedTokens.operator || config.generatedTokens.trainer ? 'OPERATOR_TOKEN / TRAINER_TOKEN for CLIs, emulators and MQTT logins: set them to use them (generated ones are never shown); people use personal tokens (POST /api/tokens)' : 'OPERATOR_TOKEN and TRAINER_TOKEN set (recorded as "service operator" / "service trainer")'}`,
    `  emulators       ${twin.emulators ? `on (${d.devices.length} devices)` : 'off'}`,
    `  data            ${config.dataDir}`,
    `  history         ${twin.history.kind === 'postgres' ? `PostgreSQL ${twin.history.sql.where}` : `embedded PostgreSQL (PGlite) in ${twin.history.sql.where}; DATABASE_URL=postgres://… for a server`}, alarms and records kept ${config.historyDays} days`,
    `  rooms           ${twin.roomsAddress ? `shared through Redis (${config.redisUrl}); clients reach rooms here at ${twin.roomsAddress}` : 'this process only (REDIS_URL shares them with other processes)'}`,
    ...(twin.roomsAddress ? [`  live stream     ${twin.liveOwner === twin.roomsAddress ? 'owned here' : `standing by (owned by ${twin.liveOwner ?? 'nobody yet'}); taken over here if that process stops`}`] : []),
    'Ready. Ctrl-C stops.',
  ];
  console.log(lines.join('\n'));

}

main().catch((e) => fail((e as Error).message));
