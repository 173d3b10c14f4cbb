import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../../twin-assets/geo';
import { bundledIndex } from '../../test/helpers/fixtures';
import { ReportDesk } from './reportDesk';

const photo = { file: 'a.jpg', type: 'jpg', width: 4, height: 3, bytes: 100 };
// 2026-12-02 23:30 in Chengdu (UTC+8) is 15:30 UTC: still the 2nd there.
const NOW = Date.UTC(2026, 11, 2, 15, 30);

describe('report desk', () => {
  const index = bundledIndex();

  it('numbers reports by the district\'s local day, and starts again the next day', () => {
    const desk = new ReportDesk(index);
    const a = desk.submit({ category: 'other', text: '', photo, buildingId: 'b-a1' }, NOW);
    const b = desk.submit({ category: 'other', text: '', photo, buildingId: 'b-a1' }, NOW + 1);
    const c = desk.submit({ category: 'other', text: '', photo, buildingId: 'b-a1' }, NOW + 3_600_000); // 00:30 on the 3rd
    expect([a, b, c].map((r) => r.ok && r.report.id)).toEqual(['R20261202-0001', 'R20261202-0002', 'R20261203-0001']);
    const restored = new ReportDesk(index);
    restored.restore(desk.list());
    const d = restored.submit({ category: 'other', text: '', photo, buildingId: 'b-a1' }, NOW + 2);
    expect(d.ok && d.report.id).toBe('R20261202-0003');
  });

  it('places a point in a building, beside one (no building), or refuses one outside the district', () => {
    const desk = new ReportDesk(index);
    const b = index.buildings.get('b-a1')!;
    const at = (x: number, y: number) => toWgs84(index.district.origin, x, y);
    const inside = desk.locate(at(b.x, b.y));
    expect(inside.ok && inside.place.buildingId).toBe('b-a1');
    const far = desk.locate(at(b.x + 5000, b.y));
    expect(far).toMatchObject({ ok: false, code: 'bad_place' });
  });

  it('moves only along triage: accept once, reject with a reason, no duplicate of itself, rectify only what is accepted', () => {
    const desk = new ReportDesk(index);
    const r = desk.submit({ category: 'gas_smell', text: '', photo, buildingId: 'b-a1' }, NOW);
    if (!r.ok) throw new Error(r.message);
    const id = r.report.id;
    expect(desk.rectify(id, photo, { id: 'test', name: 'x' }, '', NOW)).toMatchObject({ ok: false, code: 'wrong_state' });
    expect(desk.triage(id, { action: 'duplicate', of: id }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: false });
    expect(desk.triage(id, { action: 'accept' }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: true, accepted: true });
    expect(desk.triage(id, { action: 'accept' }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: false, code: 'wrong_state' });
    // Assigning an accepted report does not accept it again (no second round of notifications).
    expect(desk.triage(id, { action: 'assign' }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: true, accepted: false, report: { status: 'assigned', assignee: { name: index.grids.get('g-1')!.worker.name } } });
    expect(desk.rectify(id, photo, { id: 'test', name: 'gw' }, '修好了', NOW + 60_000)).toMatchObject({ ok: true, report: { status: 'rectified' } });
    expect(desk.triage(id, { action: 'reject', reason: 'x' }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: false, code: 'wrong_state' });
    expect(desk.triage('R1-0001', { action: 'accept' }, { id: 'test', name: 'op' }, NOW)).toMatchObject({ ok: false, code: 'not_found' });
  });
});
