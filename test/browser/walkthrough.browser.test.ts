// The first hour, walked as a newcomer would (issue 34): every page a person can reach, at a desktop and a laptop
// size and on a phone, in Chinese and in English, audited for what trips people up (helpers/pageAudit.ts): missing
// glyphs, text cut off or broken inside a word, labels over each other, disabled controls that look enabled, raw ids
// or English on a Chinese page, console errors and failed requests. The data is real: a drill with an alarm, an
// ended drill with its review and AAR/IP, the planner, the editor on a built-in scenario.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { newPage, withSession } from '../helpers/chromium';
import { createDrill, fastForward, joinDrill } from '../helpers/drillClient';
import { auditPage, watchPage, type Lang } from '../helpers/pageAudit';
import { adminCookie } from '../helpers/people';
import { startTestTwin } from '../helpers/twin';

const SHOTS = process.env.WALKTHROUGH_SHOTS;

/** A page's name in a screenshot's file name. */
function pageName(path: string, opts: { anonymous?: boolean } = {}): string {
  if (path === '/') return opts.anonymous ? 'login' : 'console';
  const [, rest = ''] = /^\/(?:api\/drills\/[^/]+\/)?([^?]*)/.exec(path) ?? [];
  if (rest) return rest === 'report' && path.startsWith('/api/') ? 'drill-report' : rest;
  const q = new URLSearchParams(path.slice(2));
  if (q.has('drill')) return `drill-${q.get('role')}`;
  if (q.has('team')) return q.get('team') ? 'team' : 'teams';
  return [...q.keys()][0]!;
}

const DESKTOP = { width: 1440, height: 900 };
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('the first hour, page by page', () => {
  const ctx = twinAndBrowser(() => startTestTwin());
  let running: { drillId: string; roomId: string; code: string };
  let ended: { drillId: string; roomId: string };

  /** Opens a page as the administrator (or nobody), waits for what shows it is ready, and audits it. */
  async function visit(path: string, lang: Lang, viewport: { width: number; height: number }, ready: (p: Page) => Promise<unknown>, opts: { anonymous?: boolean; guest?: string; then?: (p: Page) => Promise<unknown> } = {}): Promise<string[]> {
    const page = await newPage(ctx.browser, { viewport, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
    if (!opts.anonymous && !opts.guest) await withSession(page, ctx.twin.httpUrl, await adminCookie(ctx.twin.httpUrl));
    const seen = watchPage(page);
    await page.goto(`${ctx.twin.httpUrl}${path.replace(/^\//, '')}`);
    if (opts.guest) {
      // A guest's own first page is the join form: audited too, then filled in as a person would.
      await page.getByTestId('guest-form').waitFor({ timeout: 90_000 });
      seen.push(...await auditPage(page, lang));
      await page.getByTestId('guest-code').fill(opts.guest);
      await page.getByTestId('guest-name').fill('张指挥');
      await page.getByTestId('guest-join').click();
    }
    await ready(page);
    await opts.then?.(page);
    const found = [...seen, ...await auditPage(page, lang)].map((f) => `${path} ${viewport.width}×${viewport.height} ${lang}: ${f}`);
    // `npm run screenshot:walkthrough` keeps what each page looked like when audited.
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${pageName(path, opts)}-${viewport.width}x${viewport.height}-${lang}.png`) });
    await page.close();
    return found;
  }
  const scene = (p: Page) => p.waitForFunction(() => (window.__twin?.frames ?? 0) > 5, null, { timeout: 90_000 });
  const testId = (id: string) => (p: Page) => p.getByTestId(id).first().waitFor({ timeout: 90_000 });

  it('sets up a drill with an alarm, and an ended drill with its review', async () => {
    running = await createDrill(ctx.twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    const session = ctx.twin.drills.get(running.drillId)!;
    const trainer = await joinDrill(ctx.twin.httpUrl, running.roomId, { role: 'trainer', name: '王教官' });
    const commander = await joinDrill(ctx.twin.httpUrl, running.roomId, { role: 'commander', name: '张指挥' });
    await trainer.ask('control', { cmd: 'start' });
    await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
    await trainer.ask('control', { cmd: 'pause' });
    await commander.room.leave();
    ended = await createDrill(ctx.twin.httpUrl, 'gas-leak-elderly-kitchen', 2);
    const t2 = await joinDrill(ctx.twin.httpUrl, ended.roomId, { role: 'trainer', name: '王教官' });
    await t2.ask('control', { cmd: 'start' });
    await t2.ask('control', { cmd: 'end' });
    await t2.ask('control', { cmd: 'end' });
    await t2.room.leave();
  }, 240_000);

  /** Every page a signed-in person can reach, with the data above. */
  async function everyPage(lang: Lang, viewport: { width: number; height: number }): Promise<string[]> {
    const found: string[] = [];
    found.push(...await visit('/', lang, viewport, scene));
    found.push(...await visit('/?drills', lang, viewport, testId('create-drill')));
    found.push(...await visit(`/?drill=${running.roomId}&role=trainer`, lang, viewport, (p) => scene(p).then(() => testId('trainer-console')(p))));
    found.push(...await visit('/editor', lang, viewport, testId('editor-open'), { then: async (p) => { await p.getByTestId('editor-open').selectOption('gas-leak-elderly-kitchen'); await p.getByTestId('editor-valid').waitFor({ timeout: 60_000 }); } }));
    found.push(...await visit('/?planner&type=gas', lang, viewport, testId('plan-optimise'), { then: async (p) => { await p.getByTestId('plan-optimise').click(); await p.getByTestId('plan-quality').waitFor({ timeout: 120_000 }); } }));
    found.push(...await visit('/kpis', lang, viewport, testId('kpi-page')));
    found.push(...await visit('/history', lang, viewport, testId('history-page')));
    found.push(...await visit('/?admin', lang, viewport, testId('audit')));
    found.push(...await visit('/?team', lang, viewport, testId('teams')));
    found.push(...await visit(`/?team=${encodeURIComponent('街道应急队')}`, lang, viewport, testId('team-actions')));
    found.push(...await visit(`/?drill=${running.roomId}&role=grid_worker`, lang, viewport, (p) => scene(p).then(() => testId('go-incident')(p)), { guest: running.code }));
    found.push(...await visit(`/?replay=${ended.drillId}`, lang, viewport, testId('replay-scrubber')));
    found.push(...await visit(`/api/drills/${ended.drillId}/report?format=html&lang=${lang}`, lang, viewport, testId('outcome')));
    found.push(...await visit(`/api/drills/${ended.drillId}/aar?format=html&lang=${lang}`, lang, viewport, testId('aar-overview')));
    return found;
  }

  for (const lang of ['zh', 'en'] as const) {
    it(`desktop and laptop, ${lang}: the live console, drills, editor, planner, KPIs, history, people, teams, reviews`, async () => {
      const found = [...await everyPage(lang, DESKTOP), ...await everyPage(lang, LAPTOP)];
      expect(found).toEqual([]);
    }, 900_000);

    it(`a phone, ${lang}: the residents' report page, the login, a guest commander, and every page above`, async () => {
      const found: string[] = [];
      found.push(...await visit('/report', lang, PHONE, testId('report-page'), { anonymous: true }));
      found.push(...await visit('/', lang, PHONE, testId('login-form'), { anonymous: true }));
      found.push(...await visit(`/?drill=${running.roomId}&role=commander`, lang, PHONE, (p) => scene(p).then(() => testId('act-acknowledge')(p)), { guest: running.code }));
      found.push(...await everyPage(lang, PHONE));
      expect(found).toEqual([]);
    }, 900_000);
  }
});
