// Who may publish and subscribe what on the twin's topic tree (CONTRACT.md "Who may publish what").
// Pure: the embedded broker asks it for every CONNECT, PUBLISH and SUBSCRIBE, and the Mosquitto
// configuration (mosquittoConfig.ts) is written from the same rules.
//
// - `twin`: the twin's own clients (pipeline, drills, emulators): everything.
// - `anonymous` (no DEVICE_KEYS): publish telemetry and status of the district's devices, and a command's
//   answer (`ack`) only as the device itself (client id = device id); read alarms and CAP.
// - `device`: publish only under its own id; read only its own cmd.
// - `gateway`: publish for any device of the district; read cmd, notify, alarms and CAP.
// - `viewer`: read alarms and CAP.
// - `staff`: a person (login, personal token as password) or a machine credential (`operator` / `trainer`
//   with its token), with the permission table's MQTT grants of its roles (twin-assets/permissions.ts):
//   mqtt.alarms reads alarms and CAP, mqtt.live the whole live tree, mqtt.replay publishes device readings
//   as a gateway would (`npm run replay`), mqtt.drills reads drills and feeds a drill's devices.
import { grantOf, type StaffRole } from '../twin-assets/permissions';

export type ClientRole = 'twin' | 'anonymous' | 'device' | 'gateway' | 'viewer' | 'staff';
export const KEY_ROLES = ['device', 'gateway', 'viewer'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const MQTT_GRANTS = ['mqtt.alarms', 'mqtt.live', 'mqtt.replay', 'mqtt.drills'] as const;
export type MqttGrant = (typeof MQTT_GRANTS)[number];

/** The MQTT grants of staff roles: only district-wide ones (topics carry no courtyard to scope by). */
export function mqttGrantsOf(roles: readonly StaffRole[]): Set<MqttGrant> {
  return new Set(MQTT_GRANTS.filter((g) => grantOf(roles, g) === 'all'));
}

export interface AclScope { districtId: string; isDevice(id: string): boolean }

const DEVICE_LEAVES = new Set(['telemetry', 'status', 'ack']);
const NONE: ReadonlySet<MqttGrant> = new Set();

export function mayPublish(role: ClientRole, clientId: string, topic: string, scope: AclScope, grants: ReadonlySet<MqttGrant> = NONE): boolean {
  if (role === 'twin') return true;
  const p = topic.split('/');
  // drill/<drillId>/<d>/dev/<id>/<leaf>
  if (p[0] === 'drill') return role === 'staff' && grants.has('mqtt.drills') && p.length === 6 && p[2] === scope.districtId && p[3] === 'dev' && (p[5] === 'telemetry' || p[5] === 'status') && scope.isDevice(p[4]!);
  // twin/<d>/dev/<id>/<leaf>
  if (p.length !== 5 || p[0] !== 'twin' || p[1] !== scope.districtId || p[2] !== 'dev' || !DEVICE_LEAVES.has(p[4]!)) return false;
  const deviceId = p[3]!;
  if (!scope.isDevice(deviceId)) return false;
  // A command's answer comes from the device or its gateway: nobody else can mark a command done.
  if (p[4] === 'ack') return role === 'gateway' || ((role === 'device' || role === 'anonymous') && deviceId === clientId);
  if (role === 'device') return deviceId === clientId;
  if (role === 'staff') return grants.has('mqtt.replay');
  return role === 'anonymous' || role === 'gateway';
}

/** A subscription is allowed when every topic it can match is one the client may read. */
export function maySubscribe(role: ClientRole, clientId: string, filter: string, scope: AclScope, grants: ReadonlySet<MqttGrant> = NONE): boolean {
  if (role === 'twin') return true;
  const d = scope.districtId;
  const readsAlarms = within(filter, `twin/${d}/alarm/#`) || filter === `twin/${d}/cap`;
  switch (role) {
    case 'anonymous': case 'viewer': return readsAlarms;
    case 'device': return filter === `twin/${d}/dev/${clientId}/cmd`;
    case 'gateway': return readsAlarms || within(filter, `twin/${d}/notify/#`) || matchesOnly(filter, `twin/${d}/dev/+/cmd`);
    case 'staff': return (grants.has('mqtt.alarms') && readsAlarms) || (grants.has('mqtt.live') && within(filter, `twin/${d}/#`)) || (grants.has('mqtt.drills') && within(filter, 'drill/#'));
  }
}

/** Whether `filter` matches only topics under `scope` (a filter ending in `/#`). */
function within(filter: string, scope: string): boolean {
  const base = scope.slice(0, -2);
  return filter === base || filter.startsWith(`${base}/`); // below the base, '+' and '#' stay below it
}

/** Whether `filter` is `pattern` or narrower (the same levels, with '+' only where the pattern has one). */
function matchesOnly(filter: string, pattern: string): boolean {
  const f = filter.split('/');
  const p = pattern.split('/');
  return f.length === p.length && f.every((level, i) => level === p[i] || (p[i] === '+' && level !== '#'));
}
