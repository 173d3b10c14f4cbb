// `npm run screenshot:evaluation`: the README's drill-evaluation pictures, from the real thing. Two gas-leak drills
// of one team; in the first a commander (a colyseus.js client acting as a person would) acknowledges late and the
// evaluator's page rates it, the AAR/IP is photographed with a corrective action, and after the second drill the
// team's page shows its ratings over both.
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

const TOKEN = 'screenshot-trainer', TEAM = '青云社区应急分队';
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', EMULATORS: 'off', TRAINER_TOKEN: TOKEN, DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const admin = await login(twin.httpUrl, 'admin', 'admin-test-password');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const ws = twin.httpUrl.replace(/^http/, 'ws').replace(/\/$/, '');
mkdirSync('docs', { recursive: true });

/** A drill of the team with a commander; the evaluator's page rates what `rate` says once the alarm has been acknowledged `ackAfterS` late. */
async function drill(seed: number, ackAfterS: number, rate: { task: string; rating: string; note: string }[], shoot: boolean): Promise<string> {
  const res = await fetch(`${twin.httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen', seed, team: TEAM }) });
  const { drillId, roomId, code } = await res.json() as { drillId: string; roomId: string; code: string };
  const session = twin.drills.get(drillId)!;
  const commander = await new Client(ws).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'commander', name: '张指挥', code });
  for (const m of ['welcome', 'error', 'done', 'notice']) commander.onMessage(m, () => {});
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await withSession(page, twin.httpUrl, admin);
  await page.goto(`${twin.httpUrl}?drill=${roomId}&role=evaluator`);
  await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 10, null, { timeout: 120_000 });
  session.control('王教官 (trainer)', { cmd: 'start' });
  await until(() => session.status === 'running', 10_000, 'the drill to start');
  await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
  await fastForward(session, ackAfterS);
  commander.send('act', { action: 'acknowledge' });
  await fastForward(session, 200);
  commander.send('act', { action: 'phone_resident' });
  await fastForward(session, 5);
  for (const r of rate) {
    const form = page.getByTestId(`rate-${r.task}`);
    await form.getByTestId(`rating-${r.rating}`).check();
    await form.getByTestId('note').fill(r.note);
    await form.getByTestId('rate').click();
    await form.getByTestId('given').waitFor();
  }
  if (shoot) { await page.waitForTimeout(1500); await page.screenshot({ path: 'docs/drill-evaluator.png' }); console.log('wrote docs/drill-evaluator.png'); }
  session.control('王教官 (trainer)', { cmd: 'end' });
  await until(() => session.incident.over, 10_000, 'the drill to end');
  await page.close();
  await commander.leave();
  return drillId;
}

const first = await drill(1, 150, [
  { task: 'warning.confirm', rating: 'M', note: '值班员确认警情用时过长，未向住户核实现场' },
  { task: 'communications.reach_family', rating: 'S', note: '电话联系住户不及时，未联系其子女' },
], true);
await fetch(`${twin.httpUrl}api/improvement`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' },
  body: JSON.stringify({ drillId: first, task: 'warning.confirm', text: '开展值班员警情核实流程培训，并在下次演练中复核', owner: 'admin', due: '2027-01-31' }) });
const aar = await browser.newPage({ viewport: { width: 1000, height: 1400 }, locale: 'zh-CN' });
await withSession(aar, twin.httpUrl, admin);
await aar.goto(`${twin.httpUrl}api/drills/${first}/aar?format=html`);
await aar.screenshot({ path: 'docs/drill-aar.png' });
console.log('wrote docs/drill-aar.png');
await drill(2, 10, [{ task: 'warning.confirm', rating: 'P', note: '30秒内确认并核实' }, { task: 'communications.reach_family', rating: 'S', note: '仍未联系子女' }], false);
const team = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
await withSession(team, twin.httpUrl, admin);
await team.goto(`${twin.httpUrl}?team=${encodeURIComponent(TEAM)}`);
await team.getByTestId('close-proposed').waitFor({ timeout: 60_000 });
await team.waitForTimeout(1000);
await team.screenshot({ path: 'docs/team-page.png' });
console.log('wrote docs/team-page.png');
await browser.close();
await twin.stop();
process.exit(0);
