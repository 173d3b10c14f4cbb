// A scenario file (YAML or JSON text) → a validated scenario, or errors naming the path, line and column.
// With the district, every device, household, zone and edge it names is checked too (references.ts).
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { District } from '../twin-assets/districtSchema';
import { formatPath, toFieldErrors } from '../twin-assets/validationErrors';
import { zhMessage } from './errorsZh';
import { referenceErrors } from './references';
import { Scenario } from './schema';

/** `zh`: the message in Chinese (errorsZh.ts). */
export interface ScenarioError { path: string; line: number | null; column: number | null; message: string; zh?: string }
export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

const withZh = (e: ScenarioError): ScenarioError => ({ ...e, zh: zhMessage(e.message) });

export function parseScenario(source: string, opts: { district?: District } = {}): ParsedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    return { ok: false, errors: doc.errors.map((e) => withZh({ path: '(file)', line: e.linePos?.[0]?.line ?? null, column: e.linePos?.[0]?.col ?? null, message: e.message.split('\n')[0]! })) };
  }
  const result = Scenario.safeParse(doc.toJS());
  if (!result.success) {
    const fields = toFieldErrors(result.error);
    return { ok: false, errors: result.error.issues.map((issue, i) => ({ path: formatPath(issue.path), ...where(doc, lines, issue.path as (string | number)[]), message: fields[i]!.message })).map(withZh) };
  }
  const refs = opts.district ? referenceErrors(result.data, opts.district) : [];
  if (refs.length) return { ok: false, errors: refs.map((r) => ({ path: formatPath(r.path), ...where(doc, lines, r.path), message: r.message })).map(withZh) };
  return { ok: true, scenario: result.data };
}

/** Line and column in a file of the deepest node of each path that exists there (the file read once). */
export function locate(source: string, paths: (string | number)[][]): { line: number | null; column: number | null }[] {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  return paths.map((path) => where(doc, lines, path));
}

/** Line and column of the deepest node of the path that exists in the file. */
function where(doc: Document, lines: LineCounter, path: (string | number)[]): { line: number | null; column: number | null } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) { const p = lines.linePos(node.range[0]); return { line: p.line, column: p.col }; }
  }
  return { line: null, column: null };
}

/** `file:line:column: path: message`, as compilers print it (editors jump to it). */
export const errorText = (e: ScenarioError, file = '') =>
  `${file}${e.line ? `${file ? ':' : ''}${e.line}:${e.column ?? 1}` : ''}${file || e.line ? ': ' : ''}${e.path}: ${e.message}`;
