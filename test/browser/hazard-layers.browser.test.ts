// The hazards of a drill drawn from their models: a kitchen fire's flame and smoke, a ruptured main's gas
// cloud down the wind, the flood's water over its zone, where a worker fell, a building's smoke zone by zone up
// its stairwell. Read from the three.js objects
// the page draws, and checked against the model's own state on the server at the same moment.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { launchChromium, openTwinPage } from '../helpers/chromium';
import { createDrill, fastForward, joinDrill } from '../helpers/drillClient';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';
import { bundledIndex } from '../helpers/fixtures';
import { airLevels } from '../../scenarios/hazardView';
import { buildingZones } from '../../scenarios/multizone/buildingZones';

type Drawn = { id: string; model: string; visible: boolean; opacity: number; scale: number[]; y: number; label: string };

describe('hazard layers in a drill', () => {
  let twin: RunningTwin;
  let browser: Browser;
  beforeAll(async () => { twin = await startTestTwin(); browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); await twin?.stop(); });

  /** A drill of the scenario, started, with an observer's page on it. */
  async function watch(scenarioId: string) {
    const drill = await createDrill(twin.httpUrl, scenarioId, 1);
    const session = twin.drills.get(drill.drillId)!;
    const trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
    const page = await openTwinPage(browser, `${twin.httpUrl}?drill=${drill.roomId}&role=commander`, 'zh-CN', 90_000, await sessionAs(twin.httpUrl, ['operator'], { name: '张指挥' }));
    await trainer.ask('control', { cmd: 'start' });
    await page.getByTestId('drill-status').filter({ hasText: '进行中' }).waitFor({ timeout: 60_000 });
    const drawn = (id: string) => page.evaluate((h) => (window.__twin!.hazards?.drawn() as Drawn[] | undefined)?.find((x) => x.id === h) ?? null, id);
    /** Waits until the page draws the hazard as the server's model has it now. */
    const drawnAsModel = async (id: string, check: (d: Drawn, model: ReturnType<typeof session.run.hazardViews>[number]) => boolean) => {
      const model = () => session.run.hazardViews().find((h) => h.id === id)!;
      await expect.poll(async () => { const d = await drawn(id); return d !== null && check(d, model()); }, { timeout: 60_000, interval: 250 }).toBe(true);
      return (await drawn(id))!;
    };
    return { session, page, trainer, drawn, drawnAsModel };
  }

  it('a kitchen fire: the flame grows with the fire, smoke thickens in the room, and the caption gives the heat release', async () => {
    const w = await watch('kitchen-fire-old-courtyard');
    const start = w.session.run.scenario.hazards[0]!.startAfterS;
    await fastForward(w.session, start + 60);
    const early = await w.drawnAsModel('pan-fire', (d, m) => d.visible && Math.abs(d.scale[1]! - m.widthM) < 0.05);
    await fastForward(w.session, 120);
    const later = await w.drawnAsModel('pan-fire', (d, m) => Math.abs(d.scale[1]! - m.widthM) < 0.05);
    expect(later.scale[1]).toBeGreaterThan(early.scale[1]!);
    expect(later.label).toMatch(/^住宅火灾 \d+ kW$/);
    // inside a solid building, the fire is drawn through its walls
    expect(await w.page.evaluate(() => { const g = (window.__twin!.scene as { getObjectByName(n: string): { children: { material?: { depthTest: boolean } }[] } }).getObjectByName('hazard-pan-fire')!; return g.children.filter((c) => c.material).map((c) => c.material!.depthTest); })).toEqual([false, false]);
    // the smoke box: its opacity follows the room's obscuration
    const smoke = await w.page.evaluate(() => { const g = (window.__twin!.scene as { getObjectByName(n: string): { children: { visible: boolean; material: { opacity: number } }[] } }).getObjectByName('hazard-pan-fire')!; return { visible: g.children[1]!.visible, opacity: g.children[1]!.material.opacity }; });
    expect(smoke.visible).toBe(true);
    expect(smoke.opacity).toBeGreaterThan(0.08);
    await w.page.close();
  }, 180_000);

  it('a ruptured main: the cloud lies down the wind, as long as the model\'s 10 %LEL extent, and is gone after the main is shut', async () => {
    const w = await watch('gas-main-rupture-street');
    const def = w.session.run.scenario.hazards[0]!;
    await fastForward(w.session, def.startAfterS + 300);
    const cloud = await w.drawnAsModel('rupture', (d, m) => d.visible && Math.abs(d.scale[2]! * 2 - m.sizeM) < 0.05);
    const model = w.session.run.hazardViews()[0]!;
    expect(cloud.scale[0]).toBeCloseTo(model.widthM, 1);
    expect(cloud.label).toMatch(/^燃气管道破裂扩散 \d+(\.\d)? %LEL$/); // one decimal, not the state's float noise
    // north wind-to: the cloud's middle is north of the source, i.e. at smaller scene z
    const middle = await w.page.evaluate(() => { const g = (window.__twin!.scene as { getObjectByName(n: string): { children: { position: { z: number } }[] } }).getObjectByName('hazard-rupture')!; return g.children[0]!.position.z; });
    expect(middle).toBeLessThan(-(def as { params: { source: { y: number } } }).params.source.y - 1);
    w.session.run.act('shut_valve', 'test');
    await fastForward(w.session, 600, () => w.session.run.hazardViews()[0]!.sizeM === 0);
    await w.drawnAsModel('rupture', (d) => !d.visible);
    await w.page.close();
  }, 180_000);

  it('smoke in a walk-up: each zone drawn as the model fills it, the landings floor by floor, and the cutaway leaves out the floors above it', async () => {
    const w = await watch('stairwell-smoke-old-walkup');
    const zones = buildingZones(bundledIndex().buildings.get('b-a3')!).zones;
    /** The landings' floors the model has smoke on now (as the scene draws: above 3 % of thick smoke). */
    const smokyLandings = () => {
      const levels = airLevels(w.session.run.hazardViews().find((h) => h.id === 'stair-fire')!.air);
      return zones.flatMap((z, i) => (z.kind === 'landing' && (levels[i] ?? 0) >= 0.03 ? [z.floor] : []));
    };
    const drawnLandings = async () => (await w.page.evaluate(() => window.__twin!.hazards!.airOf('stair-fire'))).filter((z) => z.kind === 'landing').map((z) => z.floor);
    await fastForward(w.session, 20 + 480);
    expect(smokyLandings().length).toBeGreaterThanOrEqual(3);
    // The fast-forward has stopped: the model holds still, and the page catches up with it.
    await expect.poll(async () => JSON.stringify(await drawnLandings()), { timeout: 60_000, interval: 250 }).toBe(JSON.stringify(smokyLandings()));
    // Cut away above the second floor (the view's store, as the operator's cutaway control sets it).
    await w.page.evaluate(() => window.__twinView!.set({ cutawayM: 6 }));
    await expect.poll(async () => JSON.stringify(await drawnLandings()), { timeout: 60_000, interval: 250 }).toBe(JSON.stringify(smokyLandings().filter((f) => f <= 2)));
    await w.page.close();
  }, 180_000);

  it('a flood rises over its zone at the model\'s depth, and in an underground car park over its floor; a fallen worker is marked where he lies', async () => {
    const flood = await watch('flood-underpass');
    await fastForward(flood.session, 2000);
    const depth = () => flood.session.run.hazardViews().find((h) => h.id === 'underpass')!.value;
    await expect.poll(async () => { const shown = await flood.page.evaluate(() => window.__twin!.hazards!.waterOf('fz-underpass')); return shown !== null && Math.abs(shown - depth()) < 0.011; }, { timeout: 60_000, interval: 250 }).toBe(true);
    expect(depth()).toBeGreaterThan(0.1);
    await flood.page.close();

    // Down the ramp into the underground car park: its water over the car park's floor, at the model's depth, and
    // the car park itself drawn below the street.
    const park = await watch('flooded-underground-car-park');
    await fastForward(park.session, 1500);
    const parkDepth = () => park.session.run.hazardViews().find((h) => h.id === 'car-park')!.value;
    expect(parkDepth()).toBeGreaterThan(0.1);
    await expect.poll(async () => { const shown = await park.page.evaluate(() => window.__twin!.hazards!.spaceWaterOf('b-c-park')); return shown !== null && Math.abs(shown - parkDepth()) < 0.011; }, { timeout: 60_000, interval: 250 }).toBe(true);
    expect(await park.page.evaluate(() => (window.__twin!.scene as { getObjectByName(n: string): { userData: { owners: number } } | undefined }).getObjectByName('underground')?.userData.owners)).toBe(1);
    await park.page.close();

    const fall = await watch('worker-falls-from-scaffolding');
    const start = fall.session.run.scenario.hazards[0]!.startAfterS;
    await fastForward(fall.session, start - 5);
    expect((await fall.drawn('fall'))?.visible ?? false).toBe(false);
    await fastForward(fall.session, 10);
    const marked = await fall.drawnAsModel('fall', (d) => d.visible);
    expect(marked.label).toMatch(/^脚手架高处坠落 \d+ m$/);
    await fall.page.close();
  }, 180_000);
});
