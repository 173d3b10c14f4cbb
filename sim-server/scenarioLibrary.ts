// The scenario library: the built-in scenarios (read-only templates to copy) and those trainers save,
// versioned under DATA_DIR/scenarios/<id>/<version>.yaml as written (comments and key order kept), each
// beside its checked form (<version>.json) so a drill starts from it without parsing YAML on this loop.
// A version is there once its YAML is: the JSON is written first, each file by rename after fsync.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinScenarios, BUILTIN_DIR } from '../scenarios/builtin';
import { Scenario } from '../scenarios/schema';

/** Ids a saved scenario may not take: path words of the API. */
const RESERVED = new Set(['validate', 'try']);

export interface LibraryEntry { id: string; title: Scenario['title']; district: string; briefing: Scenario['briefing']; roles: Scenario['roles']; hazards: string[]; failAfterS: number; builtin: boolean; version: number }

/** What a person is told when an id names no scenario. */
export const noScenario = (id: string) => `no scenario "${id.slice(0, 64)}" (GET /api/scenarios lists them)`;

export type SaveResult = { ok: true; version: number; created: boolean } | { ok: false; status: 409 | 422; error: string };

export class ScenarioLibrary {
  private readonly builtins: Map<string, { file: string; scenario: Scenario }>;
  private readonly dir: string;
  /** Saves of one id, one after another: two at once must not both take the same version. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'scenarios');
    this.builtins = new Map(builtinScenarios().map((b) => [b.scenario.id, b]));
  }

  /** Why a scenario cannot be saved under this id (a built-in is a template), or null. */
  readOnly(id: string): string | null { return this.builtins.has(id) ? `"${id}" is a built-in scenario, read-only: save a copy under another id` : null; }

  list(): LibraryEntry[] {
    const entry = (s: Scenario, builtin: boolean, version: number): LibraryEntry => ({ id: s.id, title: s.title, district: s.district, briefing: s.briefing, roles: s.roles, hazards: s.hazards.map((h) => h.model), failAfterS: s.end.failAfterS, builtin, version });
    const saved = this.savedIds().flatMap((id) => { const v = this.latest(id); const s = v ? this.scenarioAt(id, v) : null; return s ? [entry(s, false, v!)] : []; });
    return [...[...this.builtins.values()].map((b) => entry(b.scenario, true, 0)), ...saved];
  }

  /** The YAML of a scenario as last saved (a built-in as shipped, version 0), or null. */
  get(id: string): { id: string; version: number; yaml: string; builtin: boolean } | null {
    const b = this.builtins.get(id);
    if (b) return { id, version: 0, yaml: readFileSync(BUILTIN_DIR + b.file, 'utf8'), builtin: true };
    const v = this.latest(id);
    return v ? { id, version: v, yaml: readFileSync(this.file(id, v, 'yaml'), 'utf8'), builtin: false } : null;
  }

  versions(id: string): { version: number; savedAt: number; bytes: number }[] | null {
    if (this.builtins.has(id)) return [{ version: 0, savedAt: 0, bytes: statSync(BUILTIN_DIR + this.builtins.get(id)!.file).size }];
    const vs = this.versionNumbers(id);
    if (!vs.length) return null;
    return vs.reverse().map((version) => { const st = statSync(this.file(id, version, 'yaml')); return { version, savedAt: Math.round(st.mtimeMs), bytes: st.size }; });
  }

  /** The checked scenario a drill starts from: a built-in, or the latest saved version. */
  scenario(id: string): Scenario | null {
    const b = this.builtins.get(id);
    if (b) return b.scenario;
    const v = this.latest(id);
    return v ? this.scenarioAt(id, v) : null;
  }

  /** Saves a new version of a checked scenario. `expectedVersion`: the version the editor started from (409 if another was saved since). */
  save(id: string, yaml: string, scenario: Scenario, expectedVersion: number | null): Promise<SaveResult> {
    const run = (this.queues.get(id) ?? Promise.resolve()).then(() => this.saveNow(id, yaml, scenario, expectedVersion));
    const tail = run.catch(() => {});
    this.queues.set(id, tail);
    void tail.then(() => { if (this.queues.get(id) === tail) this.queues.delete(id); });
    return run;
  }

  private async saveNow(id: string, yaml: string, scenario: Scenario, expectedVersion: number | null): Promise<SaveResult> {
    const readOnly = this.readOnly(id);
    if (readOnly) return { ok: false, status: 409, error: readOnly };
    if (RESERVED.has(id)) return { ok: false, status: 422, error: `"${id}" is a reserved name: choose another id` };
    const latest = this.latest(id) ?? 0;
    if (expectedVersion !== null && expectedVersion !== latest) return { ok: false, status: 409, error: `"${id}" is at version ${latest} now, not ${expectedVersion}: someone saved it since you opened it; reload and edit again` };
    const version = latest + 1;
    await mkdir(join(this.dir, id), { recursive: true });
    await writeDurably(this.file(id, version, 'json'), JSON.stringify(scenario));
    await writeDurably(this.file(id, version, 'yaml'), yaml);
    return { ok: true, version, created: latest === 0 };
  }

  private file(id: string, version: number, ext: 'yaml' | 'json') { return join(this.dir, id, `${version}.${ext}`); }

  private savedIds(): string[] { return existsSync(this.dir) ? readdirSync(this.dir).filter((id) => !this.builtins.has(id)).sort() : []; }

  private versionNumbers(id: string): number[] {
    const d = join(this.dir, id);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id) || id === '.' || id === '..' || !existsSync(d)) return [];
    return readdirSync(d).flatMap((f) => { const m = /^(\d+)\.yaml$/.exec(f); return m ? [Number(m[1])] : []; }).sort((a, b) => a - b);
  }

  private latest(id: string): number | null { return this.versionNumbers(id).at(-1) ?? null; }

  /** A saved version never changes: each is read and checked once (the list is asked for often, on the alarm path's loop). */
  private readonly parsed = new Map<string, Scenario | null>();
  private scenarioAt(id: string, version: number): Scenario | null {
    const key = `${id}@${version}`;
    if (!this.parsed.has(key)) {
      let s: Scenario | null = null;
      try { s = Scenario.parse(JSON.parse(readFileSync(this.file(id, version, 'json'), 'utf8'))); } catch { /* unreadable: not listed */ }
      this.parsed.set(key, s);
    }
    return this.parsed.get(key)!;
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w');
  try { await fh.writeFile(text); await fh.sync(); } finally { await fh.close(); }
  await rename(tmp, file);
}
