// Recorded device traffic: one JSON line per message, with its time since the recording began.
// Replayed at any speed, into live or onto a drill's topic root, so a real incident becomes a drill.
import { parseDeviceTopic, topicsFor, type TopicRoot } from './topics';

export interface RecordedMessage { t: number; topic: string; payload: string; encoding: 'utf8' | 'base64'; retain: boolean }

export function recordLine(t: number, topic: string, payload: Buffer, retain: boolean): string {
  const text = payload.toString('utf8');
  const clean = Buffer.from(text, 'utf8').equals(payload); // MessagePack and odd bytes go as base64
  return `${JSON.stringify({ t, topic, payload: clean ? text : payload.toString('base64'), encoding: clean ? 'utf8' : 'base64', retain } satisfies RecordedMessage)}\n`;
}

export function readRecording(text: string): RecordedMessage[] {
  return text.split('\n').filter(Boolean).map((line, i) => {
    try { return JSON.parse(line) as RecordedMessage; } catch { throw new Error(`line ${i + 1} of the recording is not JSON`); }
  });
}

export const payloadOf = (m: RecordedMessage) => Buffer.from(m.payload, m.encoding);

/** The same device message under another topic root (live → drill, or another district id). */
export function retarget(topic: string, root: TopicRoot, districtId?: string): string | null {
  const parsed = parseDeviceTopic(topic);
  if (!parsed) return null;
  const t = topicsFor(root, districtId ?? parsed.districtId);
  return parsed.leaf === 'telemetry' ? t.telemetry(parsed.deviceId) : parsed.leaf === 'status' ? t.status(parsed.deviceId) : t.ack(parsed.deviceId);
}
