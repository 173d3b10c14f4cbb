// Dispatch over HTTP, and a restart on the same DATA_DIR: open alarms, their escalation timers,
// devices out of service and dispatch tasks come back from the journal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { bundledDistrictJson, bundledRules } from '../helpers/fixtures';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { SCRAPE } from '../helpers/metrics';
import { addPerson } from '../helpers/people';

/** As 李敏, an operator logged in with her personal token: she is who the records name. */
let liMin = '';
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${liMin}` }, body: JSON.stringify(body) });
const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });

/** The bundled district with its own rules file, in which devices may stay silent for hours: this
 * test moves the clock by many minutes without readings, and missed heartbeats are not its subject. */
function quietDistrict(dir: string): string {
  writeFileSync(join(dir, 'rules.json'), JSON.stringify({ ...bundledRules(), faults: { ...bundledRules().faults, heartbeatMissedFactor: 1000 } }));
  writeFileSync(join(dir, 'district.json'), JSON.stringify({ ...bundledDistrictJson(), rulesFile: 'rules.json' }));
  return join(dir, 'district.json');
}

describe('dispatch and restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
  const DISTRICT = quietDistrict(mkdtempSync(join(tmpdir(), 'quiet-')));
  const clock = new ManualClock(1_763_870_400_000);
  let twin: RunningTwin;
  afterAll(async () => { await twin?.stop(); });

  it('plans responders for a fire and tracks them to the site against the 20-minute target', async () => {
    twin = await startTestTwin({ DATA_DIR: dataDir, DISTRICT }, { clock, tickMs: 3_600_000 });
    liMin = (await addPerson(twin.httpUrl, ['operator'], { name: '李敏' })).token;
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/smk-a3-101/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await probe.publish('twin/jinhe/dev/gas-b1-201/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }));
    await until(() => twin.pipeline.core.openAlarms().length === 2, 30_000, 'two alarms');
    await probe.close();
    const fire = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'smk-a3-101')!;
    const detail = await (await get(`${twin.httpUrl}api/alarms/${encodeURIComponent(fire.id)}`)).json();
    expect(detail.tasks.map((t: { kind: string; state: string }) => `${t.kind}:${t.state}`)).toEqual(['grid_worker:assigned', 'micro_fire_station:assigned', 'hydrant:assigned']);
    expect(detail.tasks[0].resource.name).toBe('刘芳');
    expect(detail.onSite).toMatchObject({ targetAt: fire.raisedAt + 20 * 60_000, firstOnSiteAt: null, met: null });

    const worker = detail.tasks[0].id;
    clock.advance(60_000);
    expect((await post(`${twin.httpUrl}api/tasks/${encodeURIComponent(worker)}`, { state: 'en_route', by: '刘芳' })).status).toBe(200);
    clock.advance(4 * 60_000);
    expect((await post(`${twin.httpUrl}api/tasks/${encodeURIComponent(worker)}`, { state: 'on_site', by: '刘芳' })).status).toBe(200);
    expect((await post(`${twin.httpUrl}api/tasks/${encodeURIComponent(worker)}`, { state: 'assigned' })).status).toBe(409);
    expect((await post(`${twin.httpUrl}api/tasks/nope`, { state: 'done' })).status).toBe(404);
    expect((await post(`${twin.httpUrl}api/tasks/${encodeURIComponent(worker)}`, { state: 'flying' })).status).toBe(400);
    const after = await (await get(`${twin.httpUrl}api/alarms/${encodeURIComponent(fire.id)}`)).json();
    expect(after.onSite).toMatchObject({ firstOnSiteAt: fire.raisedAt + 5 * 60_000, met: true, overdue: false });

    // the gas alarm gets no responder within 20 minutes: flagged overdue once
    clock.advance(16 * 60_000);
    twin.pipeline.tick();
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(text).toMatch(/^twin_dispatch_overdue_total 1$/m);
  });

  it('comes back after a restart with alarms, timers, out-of-service devices and tasks', async () => {
    const gas = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-b1-201')!;
    const fire = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'smk-a3-101')!;
    expect((await post(`${twin.httpUrl}api/alarms/${encodeURIComponent(fire.id)}/ack`, { by: '李敏' })).status).toBe(200);
    const refused = await post(`${twin.httpUrl}api/devices/mh-s-3/service`, { inService: false });
    expect(refused.status).toBe(400); // out of service needs a reason
    expect((await refused.json()).error).toMatch(/"reason"/);
    expect((await post(`${twin.httpUrl}api/devices/mh-s-3/service`, { inService: false, reason: '井盖更换', by: '李敏' })).status).toBe(200);
    const before = { gas: twin.pipeline.core.alarms.stored(gas.id)!, fire: twin.pipeline.core.alarms.stored(fire.id)!, tasks: twin.pipeline.core.dispatch.tasksOf(fire.id) };
    await twin.stop();

    twin = await startTestTwin({ DATA_DIR: dataDir, DISTRICT }, { clock, tickMs: 3_600_000 });
    expect(twin.pipeline.core.alarms.stored(gas.id)).toEqual(before.gas);
    expect(twin.pipeline.core.alarms.stored(fire.id)).toEqual(before.fire);
    expect(twin.pipeline.core.alarms.stored(fire.id)!.alarm).toMatchObject({ state: 'active_acked', ackedBy: '李敏' });
    expect(twin.pipeline.core.dispatch.tasksOf(fire.id)).toEqual(before.tasks);
    expect(twin.pipeline.core.alarms.isOutOfService('mh-s-3')).toBe(true);
    expect(twin.pipeline.desks.serviceNotes.get('mh-s-3')).toMatchObject({ by: '李敏', reason: '井盖更换' });
    // the restored escalation timer still runs: the unacknowledged gas alarm escalates when it is due
    clock.advance(before.gas.escalateAt! - clock.now());
    twin.pipeline.tick();
    expect(twin.pipeline.core.alarms.stored(gas.id)!.escalations).toBe(before.gas.escalations + 1);
  });
});
