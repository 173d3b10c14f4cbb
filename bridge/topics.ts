// The contract's topic tree. Live traffic is rooted at `twin/<d>/`, a drill's at `drill/<drillId>/<d>/`,
// so drill traffic can never be taken for live.

export type TopicRoot = { kind: 'live' } | { kind: 'drill'; drillId: string };
export const LIVE: TopicRoot = { kind: 'live' };

export const NOTIFY_CHANNELS = ['voice', 'sms', 'wechat', 'screen', 'radio'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

const SEGMENT = /^[^/+#\u0000]{1,128}$/;

function prefix(root: TopicRoot, districtId: string): string {
  return root.kind === 'live' ? `twin/${districtId}` : `drill/${root.drillId}/${districtId}`;
}

export function topicsFor(root: TopicRoot, districtId: string) {
  const p = prefix(root, districtId);
  return {
    telemetry: (deviceId: string) => `${p}/dev/${deviceId}/telemetry`,
    status: (deviceId: string) => `${p}/dev/${deviceId}/status`,
    cmd: (deviceId: string) => `${p}/dev/${deviceId}/cmd`,
    ack: (deviceId: string) => `${p}/dev/${deviceId}/ack`,
    alarm: (alarmId: string) => `${p}/alarm/${alarmId}`,
    cap: () => `${p}/cap`,
    notify: (channel: NotifyChannel) => `${p}/notify/${channel}`,
    /** What the twin subscribes to for device traffic. */
    deviceSubscriptions: () => [`${p}/dev/+/telemetry`, `${p}/dev/+/status`, `${p}/dev/+/ack`],
  };
}

export type DeviceLeaf = 'telemetry' | 'status' | 'ack';

export interface DeviceTopic { root: TopicRoot; districtId: string; deviceId: string; leaf: DeviceLeaf }

/** Parses a device topic; null when the topic is not one of ours. */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  const parts = topic.split('/');
  let root: TopicRoot;
  let rest: string[];
  if (parts[0] === 'twin') { root = LIVE; rest = parts.slice(1); }
  else if (parts[0] === 'drill' && parts.length > 1) { root = { kind: 'drill', drillId: parts[1]! }; rest = parts.slice(2); }
  else return null;
  if (rest.length !== 4 || rest[1] !== 'dev') return null;
  const [districtId, , deviceId, leaf] = rest as [string, string, string, string];
  if (!SEGMENT.test(districtId) || !SEGMENT.test(deviceId)) return null;
  if (leaf !== 'telemetry' && leaf !== 'status' && leaf !== 'ack') return null;
  if (root.kind === 'drill' && !SEGMENT.test(root.drillId)) return null;
  return { root, districtId, deviceId, leaf };
}
