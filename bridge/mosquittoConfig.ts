// The contract's broker rules for an external Mosquitto: mosquitto.conf, a password file and an ACL
// file written from the ACL table the embedded broker checks (brokerAcl.ts). Pure: text in, text out.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { DeviceKey } from './deviceKeys';
import { ACL, mqttGrantsOf, rulesOf, type AclRule } from './brokerAcl';

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
  const users: [string, string][] = [[s.users.twin.username, s.users.twin.password]];
  if (s.users.operator) users.push(['operator', s.users.operator]);
  if (s.users.trainer) users.push(['trainer', s.users.trainer]);
  for (const k of s.keys ?? []) users.push([k.clientId, k.key]);

  // The rules of the ACL table (brokerAcl.ts) as Mosquitto's lines: `{device}` one line per device of the
  // district, `{self}` the user's own name (with keys its client id), or `%c` in a pattern for anonymous clients.
  const lines = (rules: AclRule[], self: string | null) => rules.flatMap((r) => {
    const topic = r.topic.replaceAll('{d}', d);
    if (topic.includes('{self}')) return self === null ? [] : [`topic ${r.access} ${topic.replaceAll('{self}', self)}`];
    return topic.includes('{device}') ? s.deviceIds.map((id) => `topic ${r.access} ${topic.replaceAll('{device}', id)}`) : [`topic ${r.access} ${topic}`];
  });
  const acl: string[] = ['# Written by npm run broker:config: the contract\'s topic ACL (CONTRACT.md "Who may publish what").'];
  if (!s.keys) acl.push('# Anonymous clients: the district\'s device readings, and reading alarms and CAP. A command\'s answer only', '# as the device itself (its client id), below.', ...lines(ACL.anonymous, null));
  acl.push('', `user ${s.users.twin.username}`, ...lines(ACL.twin, null));
  // The machine credentials, with their roles' MQTT grants from the permission table.
  for (const name of ['operator', 'trainer'] as const) if (s.users[name]) acl.push('', `user ${name}`, ...lines(rulesOf('staff', mqttGrantsOf([name])), null));
  for (const k of s.keys ?? []) acl.push('', `user ${k.clientId}`, ...lines(ACL[k.role], k.clientId));
  // A command's answer, from the device itself: its client id is its device id (with DEVICE_KEYS, its user name too).
  if (!s.keys) {
    acl.push('', '# Every client: the answer to a command sent to the device it is.');
    for (const r of ACL.anonymous) if (r.topic.includes('{self}')) acl.push(`pattern ${r.access} ${r.topic.replaceAll('{d}', d).replaceAll('{self}', '%c')}`);
  }

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
