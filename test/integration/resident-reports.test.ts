// Residents' hazard reports end to end: a real photo posted as a phone posts it, the live room and the
// gateways hearing of it, triage to rectification, status by id, restart, and hostile uploads refused.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import type { Notification } from '../../sim-server/core/notifications';
import { toWgs84 } from '../../twin-assets/geo';
import { joinLive, type LiveClient } from '../helpers/liveClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { AS_OPERATOR, OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

const photo = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url)));
const JPEG = photo('photo-1600x1200.jpg');
const HEIC = photo('photo.heic');
const staff = { authorization: `Bearer ${OPERATOR_TOKEN}` };

function form(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set('photo', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return f;
}
const jpeg = { bytes: JPEG, name: 'IMG_0001.jpg', type: 'image/jpeg' };

describe('residents\' hazard reports', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  let operator: LiveClient;
  let id = '';
  const post = (body: FormData, path = 'api/reports', headers: Record<string, string> = {}) => fetch(`${twin.httpUrl}${path}`, { method: 'POST', body, headers });
  const notified = (reportId: string) => probe.messages.filter((m) => m.topic.startsWith('twin/jinhe/notify/')).map((m) => JSON.parse(String(m.payload)) as Notification).filter((n) => n.alarmId === reportId);
  const roomReport = (reportId: string) => (operator.room.state as { reports?: Map<string, { status: string; assignee: string }> }).reports?.get(reportId);

  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/notify/#'], AS_OPERATOR);
    operator = await joinLive(twin.httpUrl, { role: 'commander', name: '值班长', token: OPERATOR_TOKEN });
  });
  afterAll(async () => { await operator?.leave(); await probe?.close(); await twin?.stop(); });

  it('a photo of an e-bike charging in a stairwell, sent for 1栋: 201, in the live room at once, status public without personal data', async () => {
    const res = await post(form({ category: 'ebike_charging', text: '1单元楼道有电动车在充电，电话13800001111', buildingId: 'b-a1' }, jpeg));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.stringMatching(/^R\d{8}-\d{4}$/), status: 'submitted' });
    id = body.id;
    await until(() => roomReport(id)?.status === 'submitted', 10_000, 'the report in the live room');

    const open = await (await fetch(`${twin.httpUrl}api/reports/${id}`)).json();
    expect(open).toMatchObject({ id, category: 'ebike_charging', status: 'submitted', place: { buildingId: 'b-a1', courtyardId: 'cy-a' } });
    expect(JSON.stringify(open)).not.toContain('13800001111'); // the text is the operators'
    expect(open.photo).toBeUndefined();
    const full = await (await fetch(`${twin.httpUrl}api/reports/${id}`, { headers: staff })).json();
    expect(full.text).toContain('电动车');
    expect(full.photo).toMatchObject({ type: 'jpg', width: 1600, height: 1200, bytes: JPEG.length });
    expect((await fetch(`${twin.httpUrl}api/reports`)).status).toBe(401);
    const photoRes = await fetch(`${twin.httpUrl}api/reports/${id}/photo/before`, { headers: staff });
    expect(photoRes.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photoRes.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await fetch(`${twin.httpUrl}api/reports/${id}/photo/before`)).status).toBe(401);
  });

  it('accepted, it reaches the household, building head, grid worker, community and street within a minute', async () => {
    const before = Date.now();
    const res = await fetch(`${twin.httpUrl}api/reports/${id}/triage`, { method: 'POST', headers: { ...staff, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'accept', by: '值班长' }) });
    expect(res.status).toBe(200);
    await until(() => new Set(notified(id).map((n) => n.tier)).size === 5, 60_000, 'every tier');
    const ns = notified(id);
    expect(new Set(ns.map((n) => n.tier))).toEqual(new Set(['household', 'building', 'grid', 'community', 'street']));
    expect(ns.find((n) => n.recipient.role === 'building_head')!.recipient.name).toBe('杨建华');
    expect(ns.some((n) => n.recipient.role === 'grid_worker')).toBe(true);
    expect(ns[0]!.text.zh).toContain('电动车楼道充电');
    expect(ns[0]!.text.zh).toContain('纺织厂老院落 1栋');
    expect(Math.max(...ns.map((n) => n.at)) - before).toBeLessThan(60_000);
    // Accepting twice is refused, and tells no one again.
    const again = await fetch(`${twin.httpUrl}api/reports/${id}/triage`, { method: 'POST', headers: staff, body: JSON.stringify({ action: 'accept' }) });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/is accepted/);
  });

  it('assigned to the grid worker, then put right with an after photo: it leaves the room, and says so by id', async () => {
    const assigned = await (await fetch(`${twin.httpUrl}api/reports/${id}/triage`, { method: 'POST', headers: staff, body: JSON.stringify({ action: 'assign' }) })).json();
    expect(assigned.status).toBe('assigned');
    expect(assigned.assignee.name).toBeTruthy();
    await until(() => roomReport(id)?.assignee === assigned.assignee.name, 10_000, 'the assignee in the room');
    const res = await post(form({ note: '已劝离并拆除飞线', by: assigned.assignee.name }, { bytes: HEIC, name: 'after.heic', type: 'image/heic' }), `api/reports/${id}/rectify`, staff);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'rectified', afterPhoto: { type: 'heic', bytes: HEIC.length } });
    await until(() => roomReport(id) === undefined, 10_000, 'the report to leave the room');
    const status = await (await fetch(`${twin.httpUrl}api/reports/${id}`)).json();
    expect(status.history.map((h: { to: string }) => h.to)).toEqual(['submitted', 'accepted', 'assigned', 'rectified']);
    const after = await fetch(`${twin.httpUrl}api/reports/${id}/photo/after`, { headers: staff });
    expect(Buffer.from(await after.arrayBuffer()).equals(HEIC)).toBe(true);
  });

  it('a duplicate points at the first; a rejection needs a reason; a place given by lat/lon finds its building', async () => {
    const b = twin.loaded.district.buildings.find((x) => x.id === 'b-a2')!;
    const at = toWgs84(twin.loaded.district.origin, b.x, b.y);
    const second = await (await post(form({ category: 'fire_lane_blocked', lat: String(at.lat), lon: String(at.lon) }, jpeg))).json();
    const full = await (await fetch(`${twin.httpUrl}api/reports/${second.id}`, { headers: staff })).json();
    expect(full.place.buildingId).toBe('b-a2');
    const dup = await (await fetch(`${twin.httpUrl}api/reports/${second.id}/triage`, { method: 'POST', headers: staff, body: JSON.stringify({ action: 'duplicate', of: id }) })).json();
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: id });
    const bad = await fetch(`${twin.httpUrl}api/reports/${second.id}/triage`, { method: 'POST', headers: staff, body: JSON.stringify({ action: 'reject' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/reject", "reason"/);
  });

  it('survives a restart: the report and its photos are still there', async () => {
    const dataDir = twin.pipeline.journalFile!.replace(/\/journal-[^/]+$/, '');
    await operator.leave();
    await probe.close();
    await twin.stop();
    twin = await startTestTwin({ DATA_DIR: dataDir });
    operator = await joinLive(twin.httpUrl, { role: 'commander', name: '值班长', token: OPERATOR_TOKEN });
    probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/notify/#'], AS_OPERATOR);
    const status = await (await fetch(`${twin.httpUrl}api/reports/${id}`)).json();
    expect(status.status).toBe('rectified');
    const photoRes = await fetch(`${twin.httpUrl}api/reports/${id}/photo/before`, { headers: staff });
    expect(Buffer.from(await photoRes.arrayBuffer()).equals(JPEG)).toBe(true);
    // The day's numbering goes on from the journal.
    const next = await (await post(form({ category: 'water_leak', buildingId: 'b-a1' }, jpeg))).json();
    expect(Number(next.id.slice(-4))).toBe(Number(id.slice(-4)) + 2);
  });
});

describe('hostile reports are refused with a reason, counted, and lose nothing', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin(); });
  afterAll(async () => { await twin?.stop(); });
  const post = (body: FormData | string, headers: Record<string, string> = {}) => fetch(`${twin.httpUrl}api/reports`, { method: 'POST', body, headers });

  it('not an image, an SVG, over 5 MB, no photo, an unknown building: 415, 415, 413, 400, 422; the sixth from one address 429', async () => {
    const cases: [FormData, number, RegExp][] = [
      [form({ category: 'other', buildingId: 'b-a1' }, { bytes: new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'), name: 'photo.jpg', type: 'image/jpeg' }), 415, /not an image/],
      [form({ category: 'other', buildingId: 'b-a1' }, { bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), name: 'x.svg', type: 'image/svg+xml' }), 415, /svg is not taken/],
      [form({ category: 'other', buildingId: 'b-a1' }, { bytes: new Uint8Array(5 * 1024 * 1024 + 1), name: 'big.jpg', type: 'image/jpeg' }), 413, /at most 5 MB/],
      [form({ category: 'other', buildingId: 'b-a1' }), 400, /"photo" file/],
      [form({ category: 'other', buildingId: 'b-nowhere' }, jpeg), 422, /no building "b-nowhere"/],
    ];
    for (const [body, status, reason] of cases) {
      const res = await post(body);
      expect(res.status, String(reason)).toBe(status);
      expect((await res.json()).error).toMatch(reason);
    }
    const limited = await post(form({ category: 'other', buildingId: 'b-a1' }, jpeg));
    expect(limited.status).toBe(429);
    const metrics = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(metrics, 'twin_hazard_reports_refused_total', { reason: 'not_image' })).toBe(2);
    expect(metricValue(metrics, 'twin_hazard_reports_refused_total', { reason: 'too_large' })).toBe(1);
    expect(metricValue(metrics, 'twin_hazard_reports_refused_total', { reason: 'bad_place' })).toBe(1);
    expect(metricValue(metrics, 'twin_hazard_reports_refused_total', { reason: 'rate_limited' })).toBe(1);
    expect((await fetch(`${twin.httpUrl}api/reports`, { headers: staff }).then((r) => r.json())).length).toBe(0);
    expect((await fetch(`${twin.httpUrl}api/health`)).status).toBe(200);
  });
});
