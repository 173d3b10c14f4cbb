// What runs in the worker, off the event loop that turns readings into alarms: parsing scenario files
// from anyone, building after-action reports (a 12 MB page must not stall an alarm), and the planner's
// tables and solves (seconds to a minute of HiGHS), residents' photo uploads and the alarm KPIs.
import { parentPort } from 'node:worker_threads';
import { isAlias, isCollection, isPair, parseDocument, type Node } from 'yaml';
import { zhMessage } from '../../scenarios/errorsZh';
import { locate, parseScenario, type ParsedScenario, type ScenarioError } from '../../scenarios/parse';
import { formatPath } from '../../twin-assets/validationErrors';
import { reachability, type Reachability } from '../drill/reachability';
import { DrillLog } from '../drill/drillLog';
import { buildReport, type DrillReport } from '../drill/report';
import { runHeadless } from '../drill/headlessRun';
import type { DrillRecord } from '../drill/drillLog';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { reportHtml } from '../drill/reportHtml';
import { buildAar } from '../drill/aar';
import { aarHtml } from '../drill/aarHtml';
import { aarDocx } from '../drill/aarDocx';
import type { CorrectiveAction } from '../../twin-assets/improvement';
import { loadDistrictFiles, type LoadedDistrict } from '../districtFiles';
import { placementTable } from '../planner/fromDistrict';
import { plan } from '../planner/plan';
import { readPhotoUpload, type PhotoUpload } from '../reports/photoUpload';
import type { CodecResult, CodecTask } from './codecTask';
import { budgetShortfall, type PlacementTable, type PlannedType, type PlanOptions, type PlanResult } from '../../twin-assets/placement';

export type UntrustedTask =
  /** `districtFile`: the district whose ids the scenario must name (read once per worker). */
  | { kind: 'validate'; text: string; districtFile?: string }
  /** `forPerson`: built only if that person took part (a join of theirs is in the journal). */
  | { kind: 'report'; file: string; format: 'json' | 'html'; lang?: 'zh' | 'en'; forPerson?: string }
  /** The AAR/IP (drill/aar.ts) with the plan given: JSON, the page (for the PDF too) or the Word file. */
  | { kind: 'aar'; file: string; format: 'json' | 'html' | 'docx'; lang?: 'zh' | 'en'; plan?: CorrectiveAction[] }
  /** The planner: a device type's impact table of the district, or a placement on it. */
  | { kind: 'placementTable'; districtFile: string; type: PlannedType }
  | { kind: 'placementPlan'; districtFile: string; type: PlannedType; options: PlanOptions }
  /** A draft scenario run headless at full speed with scripted responders: its report (timeline, KPIs, frames). */
  | { kind: 'try'; text: string; districtFile: string; seed: number }
  /** A resident's report form: parsed, its photo checked to be an image and written into `dir`. */
  | { kind: 'photoUpload'; body: Uint8Array; contentType: string }
  /** A device model's payload codec decoding an uplink or encoding a downlink (codecTask.ts). */
  | CodecTask
  /** Alarm-system KPIs of a window, from the live journal (and its archive). */
  /** The audit log's entries of a window (people/audit.ts). */

/** `limit`: refused for its shape (too deep, too many aliases): HTTP 422. */
export type UntrustedResult =
  /** `warnings`: what no drill of a valid scenario can reach (objectives, its resolution, injects). */
  | { kind: 'validated'; parsed: ParsedScenario; warnings: ScenarioError[]; reachability: Reachability | null }
  | { kind: 'limit'; reason: string; refusal?: 'unknown_reference' | 'over_budget' }
  | { kind: 'report'; body: string | null; notTheirs?: true }
  | { kind: 'aar'; body: string | Uint8Array | null }
  | { kind: 'placementTable'; table: PlacementTable }
  | { kind: 'placementPlan'; result: PlanResult; fixed: string[] }
  | { kind: 'tried'; parsed: ParsedScenario; report: DrillReport | null; outcome: string | null; simulatedS: number }
  | { kind: 'photoUpload'; upload: PhotoUpload }
  | CodecResult

type Result<K extends UntrustedResult['kind']> = Extract<UntrustedResult, { kind: K }>;
/** What each task answers: the one table the pool's callers are typed by (no cast where a result is read). */
export interface TaskResults {
  validate: Result<'validated'> | Result<'limit'>;
  report: Result<'report'>;
  aar: Result<'aar'>;
  placementTable: Result<'placementTable'>;
  placementPlan: Result<'placementPlan'> | Result<'limit'>;
  try: Result<'tried'> | Result<'limit'>;
  photoUpload: Result<'photoUpload'>;
  codec: CodecResult;
}
export type ResultOf<T extends UntrustedTask> = TaskResults[T['kind']];

export const MAX_DEPTH = 64;
export const MAX_ALIASES = 100;

export async function runTask<T extends UntrustedTask>(task: T): Promise<ResultOf<T>>;
export async function runTask(task: UntrustedTask): Promise<UntrustedResult> {
  if (task.kind === 'codec') throw new Error('codecs run in the codec pool (codecWorker.ts), not here');
  if (task.kind === 'photoUpload') return { kind: 'photoUpload', upload: await readPhotoUpload(task.body, task.contentType) };
  if (task.kind === 'placementTable') return { kind: 'placementTable', table: await tableOf(task.districtFile, task.type) };
  if (task.kind === 'placementPlan') {
    const t = await tableOf(task.districtFile, task.type);
    const fixed = [...new Set([...t.fixed, ...(task.options.fixed ?? [])])];
    const unknown = fixed.filter((id) => !t.problem.sensors.some((s) => s.id === id));
    if (unknown.length) return { kind: 'limit', refusal: 'unknown_reference', reason: `"fixed" names places the ${t.type} table does not have: ${unknown.slice(0, 5).map((id) => id.slice(0, 64)).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}` };
    const short = budgetShortfall(t.problem, fixed, task.options.budget);
    if (short) return { kind: 'limit', refusal: 'over_budget', reason: short };
    return { kind: 'placementPlan', result: await plan(t.problem, { ...task.options, fixed, useProbability: t.useProbability }), fixed };
  }
  if (task.kind === 'try') {
    const parsed = await parseUntrusted(task.text, task.districtFile);
    if ('kind' in parsed) return parsed;
    if (!parsed.ok) return { kind: 'tried', parsed, report: null, outcome: null, simulatedS: 0 };
    const { district, rules } = await loadedOf(task.districtFile);
    const records: DrillRecord[] = [];
    const r = await runHeadless(parsed.scenario, indexDistrict(district), rules, { seed: task.seed, respond: 'scripted', onEffects: (fx) => { for (const e of fx) if (e.kind === 'record') records.push(e.record); } });
    return { kind: 'tried', parsed, report: buildReport(records), outcome: r.outcome, simulatedS: r.simulatedS };
  }
  if (task.kind === 'aar') {
    const records = DrillLog.read(task.file);
    if (!records) return { kind: 'aar', body: null };
    const aar = { ...buildAar(records), plan: task.plan ?? [] };
    return { kind: 'aar', body: task.format === 'json' ? JSON.stringify(aar) : task.format === 'html' ? aarHtml(aar, task.lang ?? 'zh') : new Uint8Array(await aarDocx(aar, task.lang ?? 'zh')) };
  }
  if (task.kind === 'report') {
    const records = DrillLog.read(task.file);
    if (!records) return { kind: 'report', body: null };
    if (task.forPerson && !records.some((r) => r.t === 'join' && r.who === task.forPerson)) return { kind: 'report', body: null, notTheirs: true };
    const report = buildReport(records);
    return { kind: 'report', body: task.format === 'html' ? reportHtml(report, task.lang ?? 'zh') : JSON.stringify(report) };
  }
  const parsed = await parseUntrusted(task.text, task.districtFile);
  if ('kind' in parsed) return parsed;
  if (!parsed.ok) return { kind: 'validated', parsed, warnings: [], reachability: null };
  const r = reachability(parsed.scenario);
  const unreached: { path: (string | number)[]; reason: string | null }[] = [
    ...r.objectives.flatMap((o, i) => (o.reachable ? [] : [{ path: ['expected', i], reason: o.reason }])),
    ...(r.resolved.reachable ? [] : [{ path: ['end', 'resolveWhen'], reason: r.resolved.reason }]),
    ...r.injects.flatMap((o, i) => (o.reachable ? [] : [{ path: ['injects', i], reason: o.reason }])),
  ];
  const places = locate(task.text, unreached.map((u) => u.path));
  const warnings = unreached.map((u, i): ScenarioError => {
    const message = `no drill can reach this: ${u.reason}`;
    return { path: formatPath(u.path), ...places[i]!, message, zh: zhMessage(message) };
  });
  return { kind: 'validated', parsed, warnings, reachability: r };
}

/** A scenario file from anyone, checked for its shape (depth, aliases) before it is parsed, and parsed
 * against the district's ids when a district is given; or the reason it is refused (HTTP 422). */
async function parseUntrusted(text: string, districtFile?: string): Promise<ParsedScenario | Extract<UntrustedResult, { kind: 'limit' }>> {
  const tooDeep = flowDepthOver(text, MAX_DEPTH);
  if (tooDeep) return { kind: 'limit', reason: `the file nests deeper than ${MAX_DEPTH} levels` };
  let doc;
  try { doc = parseDocument(text, { prettyErrors: false }); } catch (e) { return { kind: 'limit', reason: `the file cannot be read: ${(e as Error).message.split('\n')[0]}` }; }
  const shape = shapeOf(doc.contents as Node | null);
  if (shape.depth > MAX_DEPTH) return { kind: 'limit', reason: `the file nests deeper than ${MAX_DEPTH} levels` };
  if (shape.aliases > MAX_ALIASES) return { kind: 'limit', reason: `the file has ${shape.aliases} aliases (at most ${MAX_ALIASES}): a scenario needs few or none` };
  try {
    return parseScenario(text, districtFile ? { district: (await loadedOf(districtFile)).district } : {});
  } catch (e) {
    // yaml refuses an alias that expands too far ("Excessive alias count") by throwing.
    return { kind: 'limit', reason: `the file cannot be expanded: ${(e as Error).message.split('\n')[0]}` };
  }
}

const tables = new Map<string, PlacementTable>();
async function tableOf(file: string, type: PlannedType): Promise<PlacementTable> {
  let t = tables.get(`${type}:${file}`);
  if (!t) { const { district, rules } = await loadedOf(file); t = placementTable(type, district, rules); tables.set(`${type}:${file}`, t); }
  return t;
}

const districts = new Map<string, Promise<LoadedDistrict>>();
/** The server's own district file (or patch) and rules, trusted: read once per worker. */
function loadedOf(file: string): Promise<LoadedDistrict> {
  let d = districts.get(file);
  if (!d) { d = loadDistrictFiles(file); districts.set(file, d); }
  return d;
}

/** Brackets and braces nested past `max` (outside quotes): caught before the parser recurses into them. */
function flowDepthOver(text: string, max: number): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) { if (c === quote && text[i - 1] !== '\\') quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') { if (++depth > max) return true; }
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n') quote = null;
  }
  return false;
}

/** Nesting depth and alias count of a parsed document, walked without recursion. */
function shapeOf(root: Node | null): { depth: number; aliases: number } {
  let depth = 0;
  let aliases = 0;
  const stack: [unknown, number][] = root ? [[root, 1]] : [];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > depth) depth = d;
    if (depth > MAX_DEPTH) break;
    if (isCollection(node)) for (const item of node.items) stack.push([item, d + 1]);
    else if (isPair(node)) { stack.push([node.key, d]); stack.push([node.value, d]); }
    else if (isAlias(node)) aliases++;
  }
  return { depth, aliases };
}

parentPort?.on('message', ({ id, task }: { id: number; task: UntrustedTask }) => {
  runTask(task).then((result) => parentPort!.postMessage({ id, ok: true, result }),
    (e: Error) => parentPort!.postMessage({ id, ok: false, error: e.message.split('\n')[0] }));
});
