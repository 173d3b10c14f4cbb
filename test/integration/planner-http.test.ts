// The planner over HTTP: each device type's table and a placement, built in the planner's own worker for a
// planner logged in; the live path's loop never runs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { SCRAPE } from '../helpers/metrics';
import { addPerson } from '../helpers/people';

describe('planner API', () => {
  let twin: RunningTwin;
  let planner: string;
  beforeAll(async () => { twin = await startTestTwin(); planner = (await addPerson(twin.httpUrl, ['planner'])).token; });
  afterAll(async () => { await twin?.stop(); });
  const call = (path: string, init: RequestInit = {}, token: string | null = planner) =>
    fetch(`${twin.httpUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  it('is for planners: nobody else', async () => {
    expect((await call('api/planner/gas', {}, null)).status).toBe(401);
    expect((await call('api/planner/gas/optimise', { method: 'POST', body: '{"budget":3}' }, 'wrong')).status).toBe(401);
    expect((await call('api/planner/gas', {}, OPERATOR_TOKEN)).status).toBe(403);
  });

  it('serves the gas table: named candidates where the standard puts them, the district\'s detectors kept', async () => {
    const res = await call('api/planner/gas');
    expect(res.status).toBe(200);
    const t = await res.json() as { candidates: { id: string; z: number; rule: string }[]; fixed: string[]; names: Record<string, string>; problem: { scenarios: unknown[] } };
    // 7 kitchens, 5 risers and the 43 landings of the stair units with homes
    expect(t.candidates).toHaveLength(55);
    expect(t.fixed).toHaveLength(3);
    expect(t.problem.scenarios).toHaveLength(26);
    expect(t.candidates.every((c) => c.rule.startsWith('GB 50028') && t.names[c.id])).toBe(true);
  }, 60_000);

  it('places detectors within a budget, keeping the district\'s, with a proven gap; a bad body gets the shape it needs', async () => {
    const res = await call('api/planner/gas/optimise', { method: 'POST', body: JSON.stringify({ budget: 5 }) });
    expect(res.status).toBe(200);
    const r = await res.json() as { sensors: string[]; fixed: string[]; gapPct: number; solver: string; value: number; bound: number };
    expect(r.sensors).toHaveLength(5);
    expect(r.sensors).toEqual(expect.arrayContaining(r.fixed));
    expect(r.gapPct).toBeLessThan(1e-3);
    expect(r.solver).toMatch(/HiGHS MILP/);
    const more = await (await call('api/planner/gas/optimise', { method: 'POST', body: JSON.stringify({ budget: 8 }) })).json() as { value: number };
    expect(more.value).toBeLessThan(r.value); // more detectors, less impact
    // Below the three detectors already installed: refused with one line, nothing planned.
    const short = await call('api/planner/gas/optimise', { method: 'POST', body: JSON.stringify({ budget: 2 }) });
    expect([short.status, ((await short.json()) as { error: string }).error]).toEqual([422, 'the budget (2) is below the cost of the 3 detector(s) already installed (3): give at least 3']);
    expect(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text()).toMatch(/twin_http_refused_total\{reason="over_budget"\} 1/);
    const bad = await call('api/planner/gas/optimise', { method: 'POST', body: JSON.stringify({ budget: -1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^the body needs \{"budget": <above 0>\}/);
  }, 60_000);

  it('serves smoke and water-level tables as well, and a type it cannot place is not found', async () => {
    const smoke = await (await call('api/planner/smoke')).json() as { type: string; candidates: { rule: string }[]; seconds: number[][]; problem: { detections: unknown[][] }; baseFile: string };
    expect(smoke.type).toBe('smoke');
    expect(smoke.candidates.some((c) => c.rule.startsWith('GB 50116'))).toBe(true);
    expect(smoke.seconds.map((x) => x.length)).toEqual(smoke.problem.detections.map((x) => x.length));
    expect(smoke.baseFile).toBe('bundled');
    const flood = await call('api/planner/water_level/optimise', { method: 'POST', body: JSON.stringify({ budget: 3 }) });
    expect(flood.status).toBe(200);
    const r = await flood.json() as { sensors: string[]; gapPct: number };
    expect(r.sensors).toHaveLength(3);
    expect(r.gapPct).toBeLessThan(1e-3);
    const unknown = await call('api/planner/smoke/optimise', { method: 'POST', body: JSON.stringify({ budget: 9, fixed: ['room:hh-a1-301:kitchen', 'room:nobody:attic'] }) });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: string }).error).toBe('"fixed" names places the smoke table does not have: room:nobody:attic');
    expect(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text()).toMatch(/twin_http_refused_total\{reason="unknown_reference"\} 1/);
    const none = await call('api/planner/elevator');
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toBe('the planner places gas, smoke, water_level, not "elevator"');
  }, 60_000);
});
