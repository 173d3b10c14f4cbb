// The AAR/IP from a journal: each exercised task's proposal beside the evaluator's last rating, strengths and areas
// for improvement from what counts, and the same document as a page and as a Word file.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { buildAar, finalRating } from './aar';
import { aarDocx } from './aarDocx';
import { aarHtml } from './aarHtml';
import type { DrillRecord } from './drillLog';
import { rawWordsIn } from '../../test/helpers/pageAudit';

const scenario = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
const act = (simS: number, action: string): DrillRecord => ({ t: 'action', simS, playerId: 'p1', role: 'commander', name: '张指挥', action, ok: true, detail: 'done' });
const rate = (simS: number, task: string, rating: 'P' | 'S' | 'M' | 'U', note = ''): DrillRecord => ({ t: 'rating', simS, task, rating, note, by: '李评估', who: 'u1' });
const journal: DrillRecord[] = [
  { t: 'created', simS: 0, drillId: 'd1', scenario, seed: 1, epoch: 0, createdAt: 0, team: '青云社区应急分队' },
  { t: 'join', simS: 0, playerId: 'p1', role: 'commander', name: '张指挥' },
  { t: 'alarm', simS: 100, type: 'raised', alarmId: 'a1', deviceId: 'gas-a1-301', kind: 'gas_leak', level: 'II', state: 'active_unacked', by: null },
  act(150, 'acknowledge'), // 50 s: within 120 → P
  act(370, 'phone_resident'), // 270 s against 180: half as long again → S
  rate(160, 'warning.confirm', 'S', '先看后认'),
  rate(400, 'warning.confirm', 'M', '未核实现场 <b>'), // supersedes the first
  rate(410, 'site_security.cordon', 'P', '警戒及时'), // a task no objective names: rated all the same
  rate(420, 'no.such', 'U'), // not a task of the list: left out
  { t: 'end', simS: 900, outcome: 'ended_by_trainer' },
];

describe('the AAR/IP', () => {
  const aar = buildAar(journal);

  it('holds each task the drill exercised, with the proposal, and the evaluator\'s last rating beside it', () => {
    expect(aar).toMatchObject({ drillId: 'd1', team: '青云社区应急分队', evaluators: ['李评估'], plan: [] });
    expect(aar.report).not.toHaveProperty('replay');
    expect(aar.tasks.map((t) => [t.task, t.proposed, t.rating])).toEqual([
      ['warning.confirm', 'P', 'M'],
      ['initial_response.reach', 'U', null],
      ['initial_response.control_source', 'U', null],
      ['initial_response.ventilate', 'U', null],
      ['site_security.cordon', null, 'P'],
      ['communications.reach_family', 'S', null],
    ]);
    expect(aar.tasks[0]).toMatchObject({ note: '未核实现场 <b>', by: '李评估', simS: 400, evidence: [{ zh: '确认报警：首次报警后50秒完成（时限120秒）' }] });
    expect(aar.tasks.map(finalRating)).toEqual(['M', 'U', 'U', 'U', 'P', 'S']);
  });

  it('draws strengths and areas for improvement from the rating that counts, saying which were only proposed', () => {
    expect(aar.strengths.map((s) => s.zh)).toEqual(['现场警戒·划定并维持警戒区：顺利完成。警戒及时']);
    expect(aar.improvements.map((s) => s.zh)).toEqual([
      '预警发布·核实并确认警情：完成，存在重大问题。未核实现场 <b>',
      '先期处置·及时到达现场：未能完成（建议评级）。报告到场：未完成（时限900秒）',
      '先期处置·控制危险源：未能完成（建议评级）。关闭燃气阀：未完成（时限1080秒）',
      '先期处置·通风排烟排气：未能完成（建议评级）。开窗通风：未完成（时限1080秒）',
      '通信联络·联系住户及其家属：完成，存在一些问题（建议评级）。电话联系住户：首次报警后270秒完成（时限180秒）',
    ]);
    expect(aar.improvements[0]!.en).toBe('Alert and warning · Confirm the alarm: Performed with major challenges. 未核实现场 <b>');
  });

  it('renders the same document as a page (escaped) and as a Word file, Chinese first', async () => {
    const plan = [{ id: 'ca-1', drillId: 'd1', task: 'warning.confirm', text: '警情核实培训', owner: 'li', ownerName: '李评估', due: '2027-01-31', status: 'open' as const,
      scenarioId: scenario.id, team: null, createdAt: 0, createdBy: '李评估', updatedAt: 0, closeProposed: null }];
    const html = aarHtml({ ...aar, plan });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('未核实现场 &lt;b&gt;');
    expect(html).not.toContain('未核实现场 <b>');
    expect(html).toMatch(/<table data-testid="aar-plan">.*预警发布·核实并确认警情.*警情核实培训.*李评估.*2027-01-31.*待整改/s);
    expect(aarHtml(aar, 'en')).toContain('<h1>After-action report and improvement plan</h1>');
    // A Chinese reader meets no ids, codes or English words of the domain (the same check as the pages and CAP).
    const words = html.replace(/<style>[\s\S]*?<\/style>|<[^>]+>/g, ' ').replace('未核实现场 &lt;b&gt;', '');
    expect(rawWordsIn(words)).toEqual([]);
    const files = unzipSync(new Uint8Array(await aarDocx({ ...aar, plan })));
    const xml = strFromU8(files['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '|');
    for (const words of ['演练评估报告与整改计划', '青云社区应急分队', '未核实现场 <b>'.replace('<', '&lt;').replace('>', '&gt;'), '警情核实培训', '待改进事项', '优势']) expect(text).toContain(words);
    expect(strFromU8(files['word/styles.xml']!)).toContain('w:eastAsia="Microsoft YaHei"'); // a font with Chinese
  });
});
