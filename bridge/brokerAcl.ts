// Who may publish and subscribe what on the twin's topic tree (CONTRACT.md "Who may publish what").
// Pure: one table of rules per client role (ACL); the embedded broker asks it for every PUBLISH and SUBSCRIBE,
// and the Mosquitto configuration (mosquittoConfig.ts) is written from the same table.
//
// - `twin`: the twin's own clients (pipeline, drills, emulators): everything.
// - `anonymous` (no DEVICE_KEYS): publish telemetry and status of the district's devices, and a command's
//   answer (`ack`) only as the device itself (client id = device id); read alarms and CAP.
// - `device`: publish only under its own id; read only its own cmd.
// - `gateway`: publish for any device of the district; read cmd, notify, alarms and CAP.
// - `viewer`: read alarms and CAP.
// - `network_server`: a LoRaWAN network server (ChirpStack v4's MQTT integration, SOURCES): publish its devices'
//   events, read the downlinks the twin queues for them. Without DEVICE_KEYS anyone may, as anyone may report.
//   The twin decides which DevEUIs are the district's (sim-server/sources/chirpstackSource.ts).
// - `staff`: a person (login, personal token as password) or a machine credential (`operator` / `trainer`
//   with its token), with the permission table's MQTT grants of its roles (twin-assets/permissions.ts):
//   mqtt.alarms reads alarms and CAP, mqtt.live the whole live tree, mqtt.replay publishes device readings
//   as a gateway would (`npm run replay`), mqtt.drills reads drills and feeds a drill's devices.
import { grantOf, type StaffRole } from '../twin-assets/permissions';

export type ClientRole = 'twin' | 'anonymous' | 'device' | 'gateway' | 'viewer' | 'network_server' | 'staff';
export const KEY_ROLES = ['device', 'gateway', 'viewer', 'network_server'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const MQTT_GRANTS = ['mqtt.alarms', 'mqtt.live', 'mqtt.replay', 'mqtt.drills'] as const;
export type MqttGrant = (typeof MQTT_GRANTS)[number];

/** The MQTT grants of staff roles: only district-wide ones (topics carry no courtyard to scope by). */
export function mqttGrantsOf(roles: readonly StaffRole[]): Set<MqttGrant> {
  return new Set(MQTT_GRANTS.filter((g) => grantOf(roles, g) === 'all'));
}

export interface AclScope { districtId: string; isDevice(id: string): boolean }

/** One rule: read (subscribe) or write (publish) a topic pattern. `{d}` is the district; `{device}` any device
 * of it; `{self}` the client's own id (a device of the district, to write); `+` and `#` as in MQTT. */
export interface AclRule { access: 'read' | 'write'; topic: string }
const read = (...topics: string[]): AclRule[] => topics.map((topic) => ({ access: 'read', topic }));
const write = (...topics: string[]): AclRule[] => topics.map((topic) => ({ access: 'write', topic }));
const ALARMS = read('twin/{d}/alarm/#', 'twin/{d}/cap');
const READINGS = (who: string) => write(`twin/{d}/dev/${who}/telemetry`, `twin/{d}/dev/${who}/status`);
/** ChirpStack v4's MQTT integration: events up, downlink commands down. */
const NETWORK_SERVER = [...write('application/+/device/+/event/+'), ...read('application/+/device/+/command/down')];

/** The ACL, once: the embedded broker checks every PUBLISH and SUBSCRIBE against it, and the Mosquitto
 * configuration (mosquittoConfig.ts) is written from it. */
export const ACL: Record<Exclude<ClientRole, 'staff'>, AclRule[]> & { staff: Record<MqttGrant, AclRule[]> } = {
  twin: [...read('#'), ...write('#')],
  // A command's answer comes from the device or its gateway: nobody else can mark a command done.
  anonymous: [...READINGS('{device}'), ...write('twin/{d}/dev/{self}/ack'), ...ALARMS, ...NETWORK_SERVER],
  device: [...READINGS('{self}'), ...write('twin/{d}/dev/{self}/ack'), ...read('twin/{d}/dev/{self}/cmd')],
  gateway: [...READINGS('{device}'), ...write('twin/{d}/dev/{device}/ack'), ...read('twin/{d}/dev/+/cmd', 'twin/{d}/notify/#'), ...ALARMS],
  viewer: ALARMS,
  network_server: NETWORK_SERVER,
  staff: {
    'mqtt.alarms': ALARMS,
    'mqtt.live': read('twin/{d}/#'),
    'mqtt.replay': READINGS('{device}'),
    'mqtt.drills': [...read('drill/#'), ...write('drill/+/{d}/dev/{device}/telemetry', 'drill/+/{d}/dev/{device}/status')],
  },
};

export function rulesOf(role: ClientRole, grants: ReadonlySet<MqttGrant> = NONE): AclRule[] {
  return role === 'staff' ? MQTT_GRANTS.filter((g) => grants.has(g)).flatMap((g) => ACL.staff[g]) : ACL[role];
}

const NONE: ReadonlySet<MqttGrant> = new Set();

export function mayPublish(role: ClientRole, clientId: string, topic: string, scope: AclScope, grants: ReadonlySet<MqttGrant> = NONE): boolean {
  const t = topic.split('/');
  return rulesOf(role, grants).some((r) => r.access === 'write' && publishes(t, r.topic.split('/'), clientId, scope));
}

/** A subscription is allowed when every topic it can match is one the client may read. */
export function maySubscribe(role: ClientRole, clientId: string, filter: string, scope: AclScope, grants: ReadonlySet<MqttGrant> = NONE): boolean {
  const f = filter.split('/');
  return rulesOf(role, grants).some((r) => r.access === 'read' && narrower(f, r.topic.split('/'), clientId, scope));
}

/** A level of a rule, with its district and the client's id filled in. */
const level = (p: string, clientId: string, scope: AclScope) => (p === '{d}' ? scope.districtId : p === '{self}' ? clientId : p);

/** Whether a topic is one the rule's pattern names. */
function publishes(t: string[], p: string[], clientId: string, scope: AclScope): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '#') return true;
    if (i >= t.length) return false;
    if (p[i] === '+') continue;
    if (p[i] === '{device}' || p[i] === '{self}') { if (!scope.isDevice(t[i]!) || (p[i] === '{self}' && t[i] !== clientId)) return false; continue; }
    if (t[i] !== level(p[i]!, clientId, scope)) return false;
  }
  return t.length === p.length;
}

/** Whether every topic `f` can match is one the pattern names (below a '#', '+' and '#' stay below it). */
function narrower(f: string[], p: string[], clientId: string, scope: AclScope): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '#') return true; // `a/#` covers `a` itself too
    if (i >= f.length || f[i] === '#') return false;
    if (p[i] === '+') continue;
    if (f[i] !== level(p[i]!, clientId, scope)) return false;
  }
  return f.length === p.length;
}
