// A person's view: Chromium loads the client from the twin, the 3D scene draws, a gas reading
// published over MQTT turns the device red and lists the alarm, and an operator who logged in through the
// login page acknowledges it with a click: the record names her in the alarm's history, the CAP Update, the
// journal and the audit log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, type RunningTwin } from '../../sim-server/app';
import type { AlarmJson } from '../../twin-assets/protocol';
import { readFileSync } from 'node:fs';
import { launchChromium, newPage, openTwinPage } from '../helpers/chromium';
import { addPerson, type TestPerson } from '../helpers/people';
import { rawWordsIn } from '../helpers/pageAudit';
import { validateCap } from '../helpers/capSchema';
import { MqttProbe } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

const RED = '#ff2d2d';
const ORANGE = '#ff8c1a';
const GREEN = '#2ea043';


const markerColor = (page: Page, id: string) => page.evaluate((d) => window.__twin!.markers!.colorOf(d), id);

describe('live alarm in the browser', () => {
  let twin: RunningTwin;
  let browser: Browser;
  let probe: MqttProbe;
  let viewer: TestPerson, liMing: TestPerson;

  beforeAll(async () => {
    if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run "npm run build" (npm test does it)');
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/cap']);
    browser = await launchChromium();
    viewer = await addPerson(twin.httpUrl, ['viewer'], { name: '大屏' });
    liMing = await addPerson(twin.httpUrl, ['operator'], { name: '值班员李明', login: 'liming' });
  });
  afterAll(async () => { await browser?.close(); await probe?.close(); await twin?.stop(); });

  it('draws the district in WebGL from the data', async () => {
    const page = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, viewer.cookie);
    const probeData = await page.evaluate(() => ({ drawCalls: window.__twin!.drawCalls, buildings: window.__twin!.buildings, markers: window.__twin!.markers!.count }));
    expect(probeData.markers).toBe(twin.loaded.district.devices.length);
    expect(probeData.buildings).toBe(twin.loaded.district.buildings.length);
    expect(probeData.drawCalls).toBeGreaterThan(probeData.buildings);
    // The canvas holds a picture, not a blank: many distinct colours.
    const colours = await page.evaluate(() => {
      const gl = document.querySelector('canvas')!;
      const c = document.createElement('canvas');
      c.width = gl.width; c.height = gl.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(gl, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(50);
    expect(await markerColor(page, 'gas-a1-301')).toBe(GREEN);
    await page.close();
  });

  it('shows a new alarm in 3D and in the list, and an operator acknowledges it with a click', async () => {
    // The link npm start prints opens the login page; the operator logs in there.
    const login = await newPage(browser, { viewport: { width: 1280, height: 760 }, locale: 'zh-CN' });
    await login.goto(twin.httpUrl);
    await login.getByTestId('login-form').waitFor();
    expect(await login.locator('.login-form h2').textContent()).toBe('登录');
    await login.getByTestId('login').fill('liming');
    await login.getByTestId('password').fill('wrong password');
    await login.getByTestId('login-submit').click();
    await login.getByRole('alert').filter({ hasText: '账号或密码不正确' }).waitFor();
    await login.getByTestId('password').fill(liMing.password);
    await login.getByTestId('login-submit').click();
    await login.getByTestId('whoami').filter({ hasText: '值班员李明' }).waitFor();
    // The session cookie is the page's, and no script can read it.
    expect(await login.evaluate(() => document.cookie)).toBe('');
    const cookie = (await login.context().cookies()).find((c) => c.name === 'twin_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await login.close();
    const operator = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, `twin_session=${cookie.value}`);
    const observer = await openTwinPage(browser, twin.httpUrl, 'en-US', 90_000, viewer.cookie);
    await operator.getByTestId('role').filter({ hasText: '值班员' }).waitFor();

    // Silent until the page is touched, and it says so; one click anywhere arms the tone.
    await operator.getByTestId('sound-banner').waitFor();
    await operator.locator('header h1').click();
    await operator.getByTestId('sound-banner').waitFor({ state: 'detached' });
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ ts: Date.now(), seq: 1, readings: { gas_lel: 40 } }));
    const row = operator.locator('li.alarm[data-state="active_unacked"]');
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => markerColor(operator, 'gas-a1-301'), { timeout: 60_000 }).toBe(RED);
    await expect.poll(() => markerColor(observer, 'gas-a1-301'), { timeout: 60_000 }).toBe(RED);
    // As on the monitoring screens: it pops up with its place, sounds, and the view flies to it.
    const popup = operator.getByTestId('alarm-popup');
    await popup.waitFor({ timeout: 60_000 });
    expect(await popup.textContent()).toContain('燃气泄漏');
    expect(await operator.getByTestId('alarm-popup-place').textContent()).toBe('纺织厂老院落 1栋 3层 1-301');
    // It sounded, with as many beeps as its grade calls for (Ⅰ four … Ⅳ one).
    const level = twin.pipeline.core.openAlarms()[0]!.level;
    expect(await operator.evaluate(() => window.__twinSound)).toMatchObject({ requested: 1, played: 1, armed: true, lastBeeps: { I: 4, II: 3, III: 2, IV: 1 }[level] });
    const device = twin.loaded.district.devices.find((d) => d.id === 'gas-a1-301')!.position;
    expect(await operator.evaluate(() => window.__twinView!.get().flyTo)).toMatchObject({ x: device.x, y: device.y });
    expect(await row.textContent()).toContain('燃气泄漏');
    expect(await row.textContent()).toContain('纺织厂老院落 1栋 3层 1-301');
    // the responders planned for it, with their ETAs
    expect(await row.getByTestId('tasks').textContent()).toMatch(/网格员 刘芳 · 已派遣 · 预计 \d+ 分钟/);
    expect(await observer.locator('li.alarm').textContent()).toContain('Gas leak');
    expect(await observer.locator('li.alarm button').count()).toBe(0); // observers cannot acknowledge

    await row.getByRole('button', { name: '确认' }).click();
    await operator.locator('li.alarm[data-state="active_acked"]').waitFor({ timeout: 60_000 });
    await popup.waitFor({ state: 'detached', timeout: 60_000 }); // acknowledged: no longer news
    await observer.locator('li.alarm[data-state="active_acked"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => markerColor(observer, 'gas-a1-301'), { timeout: 60_000 }).toBe(ORANGE);
    const alarms = (await (await fetch(`${twin.httpUrl}api/alarms`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()) as AlarmJson[];
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ deviceId: 'gas-a1-301', state: 'active_acked', ackedBy: '值班员李明' });
    // The person logged in, in every record of it: the alarm's history, the CAP Update, the journal, the audit log.
    const id = alarms[0]!.id;
    expect(twin.pipeline.core.alarms.stored(id)!.history.at(-1)).toMatchObject({ to: 'active_acked', by: '值班员李明', byId: liMing.id });
    const update = await probe.waitFor((m) => m.topic === 'twin/jinhe/cap' && m.payload.includes('<msgType>Update</msgType>') && m.payload.includes('值班员李明'), 30_000, 'the CAP Update naming her');
    expect(validateCap(update.payload.toString()).valid).toBe(true);
    // CAP goes to other agencies' screens: its Chinese description reads as a person writes it, no ids or codes.
    const zh = /<language>zh-CN<\/language>[\s\S]*?<description>([^<]*)<\/description>/.exec(update.payload.toString())![1]!;
    expect(zh).toMatch(/^纺织厂老院落 1栋 3层 1-301，可燃气体探测器读数：可燃气体浓度 40 %LEL；报警已确认。$/);
    expect(rawWordsIn(zh)).toEqual([]);
    // A card in the list opens its alarm: the camera flies there and the device's panel opens.
    await observer.getByTestId('device-panel').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    await observer.locator('li.alarm .where').click();
    await observer.locator('[data-testid="device-panel"][data-device-id="gas-a1-301"]').waitFor({ timeout: 60_000 });
    expect(await observer.evaluate(() => window.__twinView!.get().flyTo)).toMatchObject({ x: device.x, y: device.y });
    const journal = readFileSync(twin.pipeline.journalFile!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: string; s?: { alarm: AlarmJson; history: { to: string; by: string | null; byId?: string }[] } });
    expect(journal.filter((r) => r.t === 'alarm' && r.s!.alarm.id === id).at(-1)!.s!.history.at(-1)).toMatchObject({ to: 'active_acked', by: '值班员李明', byId: liMing.id });
    const admin = await addPerson(twin.httpUrl, ['admin']);
    await expect.poll(async () => ((await (await fetch(`${twin.httpUrl}api/audit?login=liming`, { headers: { cookie: admin.cookie } })).json()) as { entries: { action: string; target?: string; outcome: string; detail?: { via?: string } }[] }).entries
      .some((e) => e.action === 'alarms.ack' && e.target === id && e.outcome === 'ok' && e.detail?.via === 'live room'), { timeout: 30_000 }).toBe(true);
    const audit = ((await (await fetch(`${twin.httpUrl}api/audit?login=liming`, { headers: { cookie: admin.cookie } })).json()) as { entries: { action: string; outcome: string }[] }).entries;
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['session.login_failed:refused', 'session.login:ok', 'alarms.ack:ok']));
    await operator.close();
    await observer.close();
  });

  it('switches language between Chinese and English, the tab\'s title with it; has its own icon', async () => {
    const page = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, viewer.cookie);
    await expect.poll(() => page.locator('h1').textContent()).toContain('街道应急数字孪生');
    await expect.poll(() => page.title()).toBe('街道应急数字孪生 · 锦河街道示范片区');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Street emergency twin');
    await expect.poll(() => page.title()).toBe(`${await page.locator('h1').textContent()}`);
    expect(await page.title()).toContain('Jinhe Street');
    expect(await page.locator('.legend').textContent()).toContain('Alarm, unacknowledged');
    // the favicon: an SVG served by the twin
    const icon = await page.evaluate(() => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href ?? null);
    expect(icon).not.toBeNull();
    const res = await fetch(icon!);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^image\/svg\+xml/)]);
    expect(await res.text()).toContain('<svg');
    // each view says which it is
    const planner = await openTwinPage(browser, `${twin.httpUrl}?planner`, 'zh-CN', 90_000, (await addPerson(twin.httpUrl, ['planner'])).cookie);
    await expect.poll(() => planner.title()).toBe('布点规划 · 街道应急数字孪生');
    await planner.close();
    await page.close();
  });
});

describe('an alarm flood in the browser', () => {
  let twin: RunningTwin;
  let browser: Browser;
  let probe: MqttProbe;
  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl);
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); await probe?.close(); await twin?.stop(); });

  it('flags the flood and groups the alarms by courtyard and building', async () => {
    const page = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, (await addPerson(twin.httpUrl, ['operator'])).cookie);
    const raise: [string, Record<string, number | boolean>][] = [
      ...['smk-a1-301', 'smk-a1-602', 'smk-a2-502', 'smk-a3-101', 'smk-b1-201', 'smk-b2-401'].map((id): [string, Record<string, boolean>] => [id, { alarm: true }]),
      ...['gas-a1-301', 'gas-a2-502', 'gas-b1-201'].map((id): [string, Record<string, number>] => [id, { gas_lel: 40 }]),
      ['brc-a1-301', { fall_detected: true }], ['brc-b1-201', { sos: true }], ['elv-c1-1', { passenger_trapped: true }],
    ];
    for (const [id, readings] of raise) await probe.publish(`twin/jinhe/dev/${id}/telemetry`, JSON.stringify({ readings }));
    const banner = page.getByTestId('flood-banner');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toContain('12');
    const groups = page.locator('li.group');
    await expect.poll(() => groups.count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator('li.group[data-courtyard="cy-a"]').getAttribute('data-count')).toBe('7');
    expect(await page.locator('li.group[data-courtyard="cy-b"]').getAttribute('data-count')).toBe('4');
    expect(await page.locator('li.group[data-courtyard="cy-c"]').getAttribute('data-count')).toBe('1');
    expect(await page.locator('li.group[data-courtyard="cy-a"] .group-head').textContent()).toContain('纺织厂老院落');
    await page.locator('li.group[data-courtyard="cy-a"] .group-head').click();
    await expect.poll(() => page.locator('li.group[data-courtyard="cy-a"] li.alarm').count()).toBe(7);
    await page.close();
  });
});
