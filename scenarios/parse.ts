// A scenario file (YAML or JSON text) → a validated scenario, or errors naming the path and the line.
import { LineCounter, parseDocument } from 'yaml';
import { formatPath, toFieldErrors } from '../twin-assets/validationErrors';
import { Scenario } from './schema';

export interface ScenarioError { path: string; line: number | null; message: string }
export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export function parseScenario(source: string): ParsedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    return { ok: false, errors: doc.errors.map((e) => ({ path: '(file)', line: e.linePos?.[0]?.line ?? null, message: e.message.split('\n')[0]! })) };
  }
  const result = Scenario.safeParse(doc.toJS());
  if (result.success) return { ok: true, scenario: result.data };
  const fields = toFieldErrors(result.error);
  return {
    ok: false,
    errors: result.error.issues.map((issue, i) => {
      // The line of the deepest node of the path that exists in the file.
      let line: number | null = null;
      for (let depth = issue.path.length; depth >= 0 && line === null; depth--) {
        const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
        if (node?.range) line = lines.linePos(node.range[0]).line;
      }
      return { path: formatPath(issue.path), line, message: fields[i]!.message };
    }),
  };
}

export const errorText = (e: ScenarioError) => `${e.line ? `line ${e.line}: ` : ''}${e.path}: ${e.message}`;
