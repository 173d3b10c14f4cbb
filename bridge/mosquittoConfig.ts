// The contract's broker rules for an external Mosquitto: mosquitto.conf, a password file and an ACL
// file written from the same ACL as the embedded broker (brokerAcl.ts). Pure: text in, text out.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { DeviceKey } from './deviceKeys';
import { mqttGrantsOf } from './brokerAcl';

export interface MosquittoSetup {
  districtId: string;
  deviceIds: string[];
  /** DEVICE_KEYS; null: anonymous clients may publish device topics and read alarms and CAP. */
  keys: DeviceKey[] | null;
  /** The twin's own login (MQTT_USERNAME / MQTT_PASSWORD); operator and trainer read everything. */
  users: { twin: { username: string; password: string }; operator?: string; trainer?: string };
  dir: string;
  port: number;
  host: string;
  /** MQTT over TLS too (8883 in production): the certificate and key files, and the port. */
  tls?: { certFile: string; keyFile: string; port: number } | null;
}

/** Mosquitto 2's PBKDF2-SHA512 password hash (`$7$`), as mosquitto_passwd writes it. */
export function mosquittoHash(password: string, salt = randomBytes(12), iterations = 101): string {
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function mosquittoFiles(s: MosquittoSetup): { 'mosquitto.conf': string; passwords: string; acl: string } {
  const d = s.districtId;
  const dev = (id: string) => `twin/${d}/dev/${id}`;
  const users: [string, string][] = [[s.users.twin.username, s.users.twin.password]];
  if (s.users.operator) users.push(['operator', s.users.operator]);
  if (s.users.trainer) users.push(['trainer', s.users.trainer]);
  for (const k of s.keys ?? []) users.push([k.clientId, k.key]);

  const acl: string[] = ['# Written by npm run broker:config: the contract\'s topic ACL (CONTRACT.md "Who may publish what").'];
  if (!s.keys) {
    acl.push('# Anonymous clients: the district\'s device readings, and reading alarms and CAP. A command\'s answer only', '# as the device itself (its client id), below.');
    for (const id of s.deviceIds) acl.push(...['telemetry', 'status'].map((leaf) => `topic write ${dev(id)}/${leaf}`));
    acl.push(`topic read twin/${d}/alarm/#`, `topic read twin/${d}/cap`);
  }
  acl.push('', `user ${s.users.twin.username}`, 'topic readwrite #');
  // The machine credentials, with their roles' MQTT grants from the permission table (brokerAcl.ts).
  for (const name of ['operator', 'trainer'] as const) {
    if (!s.users[name]) continue;
    const grants = mqttGrantsOf([name]);
    acl.push('', `user ${name}`);
    if (grants.has('mqtt.alarms')) acl.push(`topic read twin/${d}/alarm/#`, `topic read twin/${d}/cap`);
    if (grants.has('mqtt.live')) acl.push(`topic read twin/${d}/#`);
    if (grants.has('mqtt.replay')) acl.push(...s.deviceIds.flatMap((id) => ['telemetry', 'status'].map((leaf) => `topic write ${dev(id)}/${leaf}`)));
    if (grants.has('mqtt.drills')) acl.push('topic read drill/#', `topic write drill/+/${d}/dev/+/telemetry`, `topic write drill/+/${d}/dev/+/status`);
  }
  const readsAlarms = [`topic read twin/${d}/alarm/#`, `topic read twin/${d}/cap`];
  for (const k of s.keys ?? []) {
    acl.push('', `user ${k.clientId}`);
    if (k.role === 'device') acl.push(...['telemetry', 'status', 'ack'].map((leaf) => `topic write ${dev(k.clientId)}/${leaf}`), `topic read ${dev(k.clientId)}/cmd`);
    if (k.role === 'gateway') {
      for (const id of s.deviceIds) acl.push(...['telemetry', 'status', 'ack'].map((leaf) => `topic write ${dev(id)}/${leaf}`));
      acl.push(`topic read twin/${d}/dev/+/cmd`, `topic read twin/${d}/notify/#`, ...readsAlarms);
    }
    if (k.role === 'viewer') acl.push(...readsAlarms);
  }

  // A command's answer, from the device itself: its client id is its device id (with DEVICE_KEYS, its user name too).
  if (!s.keys) acl.push('', '# Every client: the answer to a command sent to the device it is.', `pattern write twin/${d}/dev/%c/ack`);

  const conf = [
    `# Written by npm run broker:config for district ${d}. Start it with: mosquitto -c ${s.dir}/mosquitto.conf`,
    `# Then start the twin with MQTT_URL=mqtt://${s.host === '0.0.0.0' ? '127.0.0.1' : s.host}:${s.port} MQTT_USERNAME=${s.users.twin.username} MQTT_PASSWORD=<its password>`,
    `listener ${s.port} ${s.host}`,
    ...(s.tls ? ['# MQTT over TLS: devices and gateways outside the machine log in here.', `listener ${s.tls.port} ${s.host}`, `certfile ${s.tls.certFile}`, `keyfile ${s.tls.keyFile}`] : []),
    `allow_anonymous ${s.keys ? 'false' : 'true'}`,
    // With keys, a client is the one its key names: its client id is its user name, so no one takes another's id.
    ...(s.keys ? ['use_username_as_clientid true'] : []),
    `password_file ${s.dir}/passwords`,
    `acl_file ${s.dir}/acl`,
    '# A packet over 256 KiB is refused and its client disconnected (a reading is under 1 KiB).',
    'max_packet_size 262144',
    '# The twin acknowledges a reading only once its pipeline holds it and stops reading when it falls',
    '# behind (flow control): the broker must queue for it meanwhile instead of dropping.',
    'max_queued_messages 1000000',
    'max_inflight_messages 1000',
    'max_queued_bytes 0',
    '# The twin\'s session (what it has not read yet) and the retained alarms outlive a broker restart.',
    'persistence true',
    `persistence_location ${s.dir}/`,
    '# Alarm JSON and CAP go out back to back: without this, the second waits ~40 ms behind Nagle.',
    'set_tcp_nodelay true',
    ...(process.getuid?.() === 0 ? ['# Started as root, mosquitto would switch to its own user and could not read these files.', 'user root'] : []),
    '',
  ].join('\n');
  return { 'mosquitto.conf': conf, passwords: users.map(([u, p]) => `${u}:${mosquittoHash(p)}`).join('\n') + '\n', acl: acl.join('\n') + '\n' };
}
