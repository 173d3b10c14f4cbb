// `npm run screenshot:drill`: the README's drill pictures, from the real thing. A gas-leak drill with
// a commander and a grid worker (colyseus.js clients acting as people would), photographed from the
// trainer's console mid-drill, its end screen, and the after-action report once it is resolved.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { chromium } from 'playwright-core';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { fastForward } from '../test/helpers/drillClient';
import { until } from '../test/helpers/mqttProbe';
import { PROTOCOL_VERSION } from '../twin-assets/protocol';
import { withSession } from '../test/helpers/chromium';
import { login } from '../test/helpers/people';

const TOKEN = 'screenshot-trainer';
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', EMULATORS: 'off', TRAINER_TOKEN: TOKEN, DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const res = await fetch(`${twin.httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen', seed: 1 }) });
const { drillId, roomId, code } = await res.json() as { drillId: string; roomId: string; code: string };
const session = twin.drills.get(drillId)!;
const ws = twin.httpUrl.replace(/^http/, 'ws').replace(/\/$/, '');
const enter = (role: string, name: string) => new Client(ws).joinById(roomId, { protocol: PROTOCOL_VERSION, role, name, code }); // guests, with the drill's join code
const commander = await enter('commander', '张指挥');
const worker = await enter('grid_worker', '刘芳');
// (the welcome is sent at join, before a handler can be set: colyseus.js says so once, harmlessly)
for (const r of [commander, worker]) for (const m of ['welcome', 'error', 'done', 'notice']) r.onMessage(m, () => {});

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, locale: 'zh-CN' });
await withSession(page, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await page.goto(`${twin.httpUrl}?drill=${roomId}&role=trainer`);
await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 10, null, { timeout: 120_000 });
await page.getByTestId('ctl-start').click();
await until(() => session.status === 'running', 10_000, 'the drill to start');
await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
commander.send('act', { action: 'acknowledge' });
await fastForward(session, 40);
commander.send('act', { action: 'phone_resident' });
const alarm = session.pipeline.core.openAlarms()[0]!;
worker.send('move', { x: alarm.location.x, y: alarm.location.y });
await fastForward(session, 90);
const walker = session.avatars.position([...session.players.values()].find((p) => p.role === 'grid_worker')!.id)!;
await page.evaluate(([x, y]) => window.__twinView!.flyTo(x!, y!, 0, 170), [(alarm.location.x + walker.x) / 2, (alarm.location.y + walker.y) / 2]);
await page.waitForTimeout(3000);
mkdirSync('docs', { recursive: true });
await page.screenshot({ path: 'docs/drill-trainer.png' });
console.log('wrote docs/drill-trainer.png');

const workerId = [...session.players.values()].find((p) => p.role === 'grid_worker')!.id;
await fastForward(session, 900, () => !session.avatars.moving(workerId));
for (const action of ['on_site', 'shut_valve', 'open_windows']) { worker.send('act', { action }); await fastForward(session, 5); }
await fastForward(session, 1800, () => session.status === 'debrief');
await page.getByTestId('end-screen').waitFor({ timeout: 60_000 });
await page.waitForTimeout(1000);
await page.screenshot({ path: 'docs/drill-end.png' });
console.log('wrote docs/drill-end.png');
const report = await browser.newPage({ viewport: { width: 1000, height: 1300 }, locale: 'zh-CN' });
await withSession(report, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await report.goto(`${twin.httpUrl}api/drills/${drillId}/report?format=html`);
await report.screenshot({ path: 'docs/drill-report.png' });
console.log('wrote docs/drill-report.png');
await browser.close();
await twin.stop();
process.exit(0);
