// Chinese first: every page a person opens in zh-CN — the live console with an alarm, its device and a
// resident's report open, the drill as trainer and as responder mid-drill and at its end, the lobby, the
// after-action report, the KPI page, the phone page, the administrator's page with its device sources — shows no English domain word and no raw id.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { newPage, openAsGuest, openTwinPage, withSession } from '../helpers/chromium';
import { createDrill, fastForward, joinDrill } from '../helpers/drillClient';
import { MqttProbe } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';
import { addPerson, adminCookie, sessionAs } from '../helpers/people';

const ONENET_TOKEN = 'jinhe-onenet-token';

/** Words of the domain a zh-CN reader must never meet in English, and the shapes of internal ids. */
const ENGLISH = /\b(alarms?|acknowledg\w*|courtyards?|buildings?|households?|residents?|drills?|scenarios?|hazards?|dispatch\w*|smoke|gas|flood\w*|elevators?|cranes?|trainer|commander|observer|grid|worker|valve|objectives?|report|level|floor|resolved|failed|unacked|acked|kitchen|living room|bedroom|shop)\b/i;
const RAW_ID = /\b(?:hh|gas|smk|elec|pile|cam|flow|elv|crane|brc|mh|hyd|lvl|cy|gc|mfs|aed|[bgc])-[a-z0-9]+(?:-[a-z0-9]+)*\b|\b[a-z]+_[a-z_]+\b/;
/** What may stay as it is: the language switch, the standards' names, units, and what is quoted from a person's own file (“…”). */
const ALLOWED = /“[^”]*”|English|ISA-18\.2|EEMUA 191|CAP 1\.2|MQTT|%LEL|km\/h|m\/s|\bkg\b|\bMB\b|R\d{8}-\d{4}/g;

/** The page's text as a reader sees it; source shown as source (<code>, the YAML editor) is the author's, not checked. */
async function offences(page: Page): Promise<string[]> {
  const raw = await page.evaluate(() => {
    const hidden = [...document.querySelectorAll<HTMLElement>('code, pre, textarea, .cm-editor')].filter((e) => e.style.display !== 'none');
    for (const e of hidden) e.style.display = 'none';
    const text = document.body.innerText;
    for (const e of hidden) e.style.display = '';
    return text;
  });
  const text = raw.replace(ALLOWED, '');
  return text.split('\n').filter((line) => ENGLISH.test(line) || RAW_ID.test(line)).map((l) => l.trim().slice(0, 160));
}

describe('zh-CN pages are free of English domain words and raw ids', () => {
  // With a OneNET account and a vendor's webhook as device sources: the admin's sources page is checked too.
  const ctx = twinAndBrowser(() => {
    const sources = join(mkdtempSync(join(tmpdir(), 'sources-')), 'sources.json');
    writeFileSync(sources, JSON.stringify([{ id: 'cmcc', kind: 'onenet', secret: ONENET_TOKEN }, { id: 'vendor', kind: 'webhook', secret: 'vendor-shared-secret' }]));
    return startTestTwin({ SOURCES: sources });
  });

  it('the live console: an alarm, its device panel, a resident\'s report', async () => {
    const probe = await MqttProbe.connect(ctx.twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 30 } }));
    const form = new FormData();
    form.set('category', 'blocked_exit');
    form.set('buildingId', 'b-a2');
    form.set('photo', new Blob([new Uint8Array(await (await import('node:fs/promises')).readFile(new URL('../fixtures/photos/photo-1600x1200.jpg', import.meta.url)))], { type: 'image/jpeg' }), 'p.jpg');
    expect((await fetch(`${ctx.twin.httpUrl}api/reports`, { method: 'POST', body: form })).status).toBe(201);
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator'], { name: '值班员李明' }));
    await page.locator('[data-alarm-id]').first().waitFor();
    await page.locator('[data-alarm-id] button.primary').first().click();
    await page.evaluate(() => (window as unknown as { __twinView: { set(s: object): void } }).__twinView.set({ selectedDeviceId: 'gas-a1-301' }));
    await page.getByTestId('device-panel').locator('[data-testid="alarm-history"]').waitFor();
    await page.locator('[data-testid="report-row"] .report-head').first().click();
    await page.getByTestId('report-detail').waitFor();
    expect(await offences(page)).toEqual([]);
    await page.close();
    await probe.close();
  }, 180_000);

  it('a drill: the trainer\'s console and a responder\'s panel mid-drill, the lobby and the after-action report', async () => {
    const drill = await createDrill(ctx.twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    const session = ctx.twin.drills.get(drill.drillId)!;
    const trainerPage = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}?drill=${drill.roomId}&role=trainer`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['trainer'], { name: '王教官' }));
    // The commander has no account: a guest, with the join code the trainer hands out, on a page in Chinese.
    const commanderPage = await openAsGuest(ctx.browser, `${ctx.twin.httpUrl}?drill=${drill.roomId}&role=commander`, drill.code, '张指挥');
    const trainer = await joinDrill(ctx.twin.httpUrl, drill.roomId, { role: 'trainer', name: '李教官' });
    const worker = await joinDrill(ctx.twin.httpUrl, drill.roomId, { role: 'grid_worker', name: '刘芳' });
    await trainer.ask('control', { cmd: 'start' });
    await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
    await commanderPage.getByTestId('act-acknowledge').click();
    await fastForward(session, 40);
    await commanderPage.getByTestId('act-phone_resident').click();
    await worker.ask('act', { action: 'shut_valve' }); // refused: not there yet
    await fastForward(session, 30);
    await commanderPage.getByTestId('last-outcome').waitFor();
    await trainerPage.getByTestId('players').filter({ hasText: '刘芳' }).waitFor();
    // The trainer sees the people on the map by name and role (a label over each figure; shown while it is in view).
    await trainerPage.getByTestId('avatar-label').filter({ hasText: '刘芳 · 网格员' }).waitFor({ state: 'attached' });
    await trainerPage.getByTestId('avatar-label').filter({ hasText: '张指挥 · 指挥员' }).waitFor({ state: 'attached' });
    expect(await offences(commanderPage)).toEqual([]);
    expect(await offences(trainerPage)).toEqual([]);

    await trainer.ask('control', { cmd: 'end' });
    await commanderPage.getByTestId('drill-status').filter({ hasText: /复盘讲评|已结束/ }).waitFor();
    // Each participant's own end screen: the commander sees what he did and the objectives he met, no one else's.
    const end = commanderPage.getByTestId('end-actions');
    await end.waitFor();
    expect(await end.locator('li').allInnerTexts()).toEqual([expect.stringMatching(/确认报警：已完成$/), expect.stringMatching(/电话联系住户：纺织厂老院落 1栋 1-301 (无人接听|已接听)$/)]);
    expect(await commanderPage.getByTestId('end-objectives').innerText()).toMatch(/✔ 确认报警 · 张指挥（指挥员）/);
    expect(await commanderPage.getByTestId('end-objectives').innerText()).not.toContain('关闭燃气阀');
    await trainerPage.getByTestId('end-screen').filter({ hasText: '刘芳 · 网格员' }).waitFor(); // the trainer sees every role
    expect(await offences(commanderPage)).toEqual([]);
    expect(await offences(trainerPage)).toEqual([]);

    const report = await newPage(ctx.browser, { locale: 'zh-CN' });
    await withSession(report, ctx.twin.httpUrl, await sessionAs(ctx.twin.httpUrl, ['trainer']));
    await report.goto(`${ctx.twin.httpUrl}api/drills/${drill.drillId}/report?format=html`);
    expect(await offences(report)).toEqual([]);
    await report.goto(`${ctx.twin.httpUrl}?drills`);
    await report.getByTestId('scenario').waitFor();
    expect(await offences(report)).toEqual([]);
    for (const p of [trainerPage, commanderPage, report]) await p.close();
  }, 240_000);

  it('the phone page, the KPI page, the planner and the scenario editor', async () => {
    const page = await newPage(ctx.browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(`${ctx.twin.httpUrl}report`);
    await page.getByTestId('building-select').locator('option').nth(2).waitFor({ state: 'attached' });
    expect(await offences(page)).toEqual([]);
    // The login page, then the KPI page of a supervisor logged in.
    await page.goto(ctx.twin.httpUrl);
    await page.getByTestId('login-form').waitFor();
    expect(await offences(page)).toEqual([]);
    await withSession(page, ctx.twin.httpUrl, await sessionAs(ctx.twin.httpUrl, ['viewer']));
    await page.goto(`${ctx.twin.httpUrl}kpis`);
    await page.getByTestId('kpiRaised').waitFor();
    expect(await offences(page)).toEqual([]);
    await page.close();
    // The administrator's page: people (logins are a person's own, as typed), roles, scopes, tokens and the audit log.
    await addPerson(ctx.twin.httpUrl, ['community'], { name: '社区王红', login: 'wanghong', scope: { communityId: 'c-qingyun' } });
    const admin = await newPage(ctx.browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await withSession(admin, ctx.twin.httpUrl, await adminCookie(ctx.twin.httpUrl));
    await admin.goto(`${ctx.twin.httpUrl}?admin`);
    await admin.getByTestId('person-wanghong').filter({ hasText: '青云社区' }).waitFor();
    await admin.getByTestId('audit').locator('tbody tr').first().waitFor();
    // The device sources: a OneNET push from an IMEI nobody registered, and one signed with another token.
    const msg = JSON.stringify({ at: Date.now(), imei: '868120309999999', type: 1, ds_id: '3200_0_5750', value: '010190', dev_id: 99 });
    const push = (token: string) => fetch(`${ctx.twin.httpUrl}api/sources/onenet/cmcc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"msg":${msg},"msg_signature":"${createHash('md5').update(`${token}n0nce123${msg}`).digest('base64')}","nonce":"n0nce123"}` });
    expect((await push(ONENET_TOKEN)).status).toBe(200);
    expect((await push('another-token')).status).toBe(401);
    await admin.reload();
    const cmcc = admin.getByTestId('source-cmcc');
    await cmcc.filter({ hasText: '签名不符 1' }).waitFor();
    expect(await cmcc.textContent()).toMatch(/中国移动 OneNET.*等待推送.*未登记设备 1/);
    expect(await admin.getByTestId('source-vendor').textContent()).toContain('厂商平台（Webhook）');
    expect(await admin.getByTestId('unknown-identities').textContent()).toContain('868120309999999');
    expect(await offences(admin)).toEqual([]);
    await admin.close();
    for (const [url, role] of [['?planner', 'planner'], ['editor', 'trainer']] as const) {
      const p = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}${url}`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, [role]));
      await p.waitForTimeout(1500); // the panels fill from their fetches
      expect(await offences(p), url).toEqual([]);
      await p.close();
    }
  }, 240_000);
});
