// Chama's tables in and out, as CSV: impact `Scenario,Sensor,Impact`, scenarios
// `Scenario,Undetected Impact[,Probability]`, sensors `Sensor,Cost`. So results can be compared with
// Chama, or fed from other models. A bad row is refused as `file:line: reason`.
import { parse } from 'csv-parse/sync';
import type { PlanProblem } from '../../twin-assets/placement';

export class TableError extends Error {}

interface Row { line: number; cells: Record<string, string> }

function rowsOf(text: string, file: string, required: string[], optional: string[] = []): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, info: true, bom: true }) as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new TableError(`${file}:${line ?? 1}: ${(e as Error).message.replace(/^Invalid Record Length: /, '')}`);
  }
  const header = text.split(/\r?\n/, 1)[0]!.split(',').map((c) => c.trim().replace(/^\uFEFF/, ''));
  for (const col of required) if (!header.includes(col)) throw new TableError(`${file}:1: the header needs the column "${col}" (it has: ${header.join(', ')}; expected ${[...required, ...optional.map((o) => `[${o}]`)].join(',')})`);
  return records.map((r) => ({ line: r.info.lines, cells: r.record }));
}

function number(row: Row, col: string, file: string, opts: { min?: number; optional?: boolean } = {}): number | null {
  const raw = row.cells[col];
  if ((raw === undefined || raw === '') && opts.optional) return null;
  const v = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(v)) throw new TableError(`${file}:${row.line}: ${col} must be a number, not "${String(raw ?? '').slice(0, 40)}"`);
  if (opts.min !== undefined && v < opts.min) throw new TableError(`${file}:${row.line}: ${col} must be at least ${opts.min}, not ${v}`);
  return v;
}

function id(row: Row, col: string, file: string): string {
  const v = row.cells[col] ?? '';
  if (!v) throw new TableError(`${file}:${row.line}: ${col} is empty`);
  return v;
}

export interface TableFiles { impact: { file: string; text: string }; scenarios: { file: string; text: string }; sensors?: { file: string; text: string } }

/** The three tables → a problem. Sensors are those the impact table names (and the sensors table, for costs). */
export function problemFromTables(t: TableFiles): PlanProblem {
  const scenarioRows = rowsOf(t.scenarios.text, t.scenarios.file, ['Scenario', 'Undetected Impact'], ['Probability']);
  const scenarios: PlanProblem['scenarios'] = [];
  const scenarioIndex = new Map<string, number>();
  for (const r of scenarioRows) {
    const s = id(r, 'Scenario', t.scenarios.file);
    if (scenarioIndex.has(s)) throw new TableError(`${t.scenarios.file}:${r.line}: scenario "${s}" is listed twice`);
    scenarioIndex.set(s, scenarios.length);
    scenarios.push({ id: s, undetected: number(r, 'Undetected Impact', t.scenarios.file)!, probability: number(r, 'Probability', t.scenarios.file, { min: 0, optional: true }) });
  }
  const costs = new Map<string, number>();
  if (t.sensors) {
    for (const r of rowsOf(t.sensors.text, t.sensors.file, ['Sensor', 'Cost'])) costs.set(id(r, 'Sensor', t.sensors.file), number(r, 'Cost', t.sensors.file, { min: 0 })!);
  }
  const sensorIndex = new Map<string, number>();
  const sensors: PlanProblem['sensors'] = [];
  const detections: PlanProblem['detections'] = scenarios.map(() => []);
  const seen = new Set<string>();
  for (const r of rowsOf(t.impact.text, t.impact.file, ['Scenario', 'Sensor', 'Impact'])) {
    const s = id(r, 'Scenario', t.impact.file), sensor = id(r, 'Sensor', t.impact.file);
    const a = scenarioIndex.get(s);
    if (a === undefined) throw new TableError(`${t.impact.file}:${r.line}: scenario "${s.slice(0, 40)}" is not in ${t.scenarios.file}`);
    const key = `${s}\u0000${sensor}`;
    if (seen.has(key)) throw new TableError(`${t.impact.file}:${r.line}: scenario "${s}" and sensor "${sensor}" are listed twice`);
    seen.add(key);
    let i = sensorIndex.get(sensor);
    if (i === undefined) {
      if (t.sensors && !costs.has(sensor)) throw new TableError(`${t.impact.file}:${r.line}: sensor "${sensor.slice(0, 40)}" is not in ${t.sensors.file}`);
      i = sensors.length;
      sensorIndex.set(sensor, i);
      sensors.push({ id: sensor, cost: costs.get(sensor) ?? 1 });
    }
    detections[a]!.push({ sensor: i, impact: number(r, 'Impact', t.impact.file)! });
  }
  return { scenarios, sensors, detections };
}

/** The problem's tables again, for Chama or another tool. */
export function tablesFromProblem(p: PlanProblem): { impact: string; scenarios: string; sensors: string } {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const withProb = p.scenarios.some((s) => s.probability !== null);
  return {
    impact: ['Scenario,Sensor,Impact', ...p.detections.flatMap((ds, a) => ds.map((d) => `${q(p.scenarios[a]!.id)},${q(p.sensors[d.sensor]!.id)},${d.impact}`))].join('\n') + '\n',
    scenarios: [`Scenario,Undetected Impact${withProb ? ',Probability' : ''}`, ...p.scenarios.map((s) => `${q(s.id)},${s.undetected}${withProb ? `,${s.probability ?? ''}` : ''}`)].join('\n') + '\n',
    sensors: ['Sensor,Cost', ...p.sensors.map((s) => `${q(s.id)},${s.cost}`)].join('\n') + '\n',
  };
}
