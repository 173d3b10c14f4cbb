// Who may publish and subscribe what on the twin's topic tree (CONTRACT.md "Who may publish what").
// Pure: the embedded broker asks it for every CONNECT, PUBLISH and SUBSCRIBE, and the Mosquitto
// configuration (mosquittoConfig.ts) is written from the same rules.
//
// - `twin`: the twin's own clients (pipeline, drills, emulators): everything.
// - `anonymous` (no DEVICE_KEYS): publish telemetry, status and ack of the district's devices; read alarms and CAP.
// - `device`: publish only under its own id; read only its own cmd.
// - `gateway`: publish for any device of the district; read cmd, notify, alarms and CAP.
// - `viewer`: read alarms and CAP.
// - `operator` / `trainer` (the operator or trainer token as password): read the whole live tree and drills',
//   publish device topics as a gateway would (`npm run replay`); the trainer may also feed a drill's devices.
export type ClientRole = 'twin' | 'anonymous' | 'device' | 'gateway' | 'viewer' | 'operator' | 'trainer';
export const KEY_ROLES = ['device', 'gateway', 'viewer'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export interface AclScope { districtId: string; isDevice(id: string): boolean }

const DEVICE_LEAVES = new Set(['telemetry', 'status', 'ack']);

export function mayPublish(role: ClientRole, clientId: string, topic: string, scope: AclScope): boolean {
  if (role === 'twin') return true;
  const p = topic.split('/');
  // drill/<drillId>/<d>/dev/<id>/<leaf>
  if (role === 'trainer' && p[0] === 'drill') return p.length === 6 && p[2] === scope.districtId && p[3] === 'dev' && DEVICE_LEAVES.has(p[5]!) && scope.isDevice(p[4]!);
  // twin/<d>/dev/<id>/<leaf>
  if (p.length !== 5 || p[0] !== 'twin' || p[1] !== scope.districtId || p[2] !== 'dev' || !DEVICE_LEAVES.has(p[4]!)) return false;
  const deviceId = p[3]!;
  if (role === 'device') return deviceId === clientId && scope.isDevice(deviceId);
  return role !== 'viewer' && scope.isDevice(deviceId);
}

/** A subscription is allowed when every topic it can match is one the client may read. */
export function maySubscribe(role: ClientRole, clientId: string, filter: string, scope: AclScope): boolean {
  if (role === 'twin') return true;
  const d = scope.districtId;
  const readsAlarms = within(filter, `twin/${d}/alarm/#`) || filter === `twin/${d}/cap`;
  switch (role) {
    case 'anonymous': case 'viewer': return readsAlarms;
    case 'device': return filter === `twin/${d}/dev/${clientId}/cmd`;
    case 'gateway': return readsAlarms || within(filter, `twin/${d}/notify/#`) || matchesOnly(filter, `twin/${d}/dev/+/cmd`);
    case 'operator': case 'trainer': return within(filter, `twin/${d}/#`) || within(filter, 'drill/#');
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
