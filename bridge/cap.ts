// CAP 1.2 (OASIS) XML encoding. Element order follows the schema, which is a sequence.
export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
export type CapMsgType = 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

export interface CapRef { sender: string; identifier: string; sent: string }

export interface CapInfo {
  language: string;
  category: CapCategory;
  event: string;
  responseType?: 'Shelter' | 'Evacuate' | 'Prepare' | 'Execute' | 'Avoid' | 'Monitor' | 'Assess' | 'AllClear' | 'None';
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  parameters?: { valueName: string; value: string }[];
  area: { areaDesc: string; lat: number; lon: number; radiusKm: number };
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  scope: 'Public' | 'Restricted' | 'Private';
  note?: string;
  references?: CapRef[];
  infos: CapInfo[];
}

/** CAP times carry an explicit offset and never "Z": 2026-11-23T12:33:00+08:00. */
export function capTime(epochMs: number, utcOffsetMinutes: number): string {
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
// XML 1.0 forbids most control characters even when escaped.
const clean = (s: string) => escapeXml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
const el = (name: string, value: string | undefined, indent: string) =>
  value === undefined ? '' : `${indent}<${name}>${clean(value)}</${name}>\n`;
const coord = (n: number) => n.toFixed(6);

function encodeInfo(info: CapInfo): string {
  const i = '    ';
  let xml = '  <info>\n';
  xml += el('language', info.language, i) + el('category', info.category, i) + el('event', info.event, i);
  xml += el('responseType', info.responseType, i);
  xml += el('urgency', info.urgency, i) + el('severity', info.severity, i) + el('certainty', info.certainty, i);
  xml += el('senderName', info.senderName, i) + el('headline', info.headline, i);
  xml += el('description', info.description, i) + el('instruction', info.instruction, i);
  for (const p of info.parameters ?? []) {
    xml += `${i}<parameter>\n${el('valueName', p.valueName, i + '  ')}${el('value', p.value, i + '  ')}${i}</parameter>\n`;
  }
  const a = info.area;
  xml += `${i}<area>\n${el('areaDesc', a.areaDesc, i + '  ')}`;
  xml += el('circle', `${coord(a.lat)},${coord(a.lon)} ${a.radiusKm}`, i + '  ');
  xml += `${i}</area>\n  </info>\n`;
  return xml;
}

export function encodeCap(alert: CapAlert): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NS}">\n`;
  const i = '  ';
  xml += el('identifier', alert.identifier, i) + el('sender', alert.sender, i) + el('sent', alert.sent, i);
  xml += el('status', alert.status, i) + el('msgType', alert.msgType, i) + el('scope', alert.scope, i);
  xml += el('note', alert.note, i);
  if (alert.references?.length) xml += el('references', alert.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '), i);
  xml += alert.infos.map(encodeInfo).join('');
  return xml + '</alert>\n';
}
