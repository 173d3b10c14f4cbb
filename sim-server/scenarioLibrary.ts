// The scenario library: the built-in scenarios (read-only templates to copy) and those trainers save, every
// version kept in the database (table scenarios, shared by the district's processes) as written (the YAML,
// comments and key order kept) beside its checked form, so a drill starts from it without parsing YAML on this
// loop. DATA_DIR/scenarios/<id>/<version>.yaml + .json from before are imported once, at start.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinScenarios, BUILTIN_DIR } from '../scenarios/builtin';
import { Scenario } from '../scenarios/schema';
import type { Sql } from './history/sql';

/** Ids a saved scenario may not take: path words of the API. */
const RESERVED = new Set(['validate', 'try']);

export interface LibraryEntry { id: string; title: Scenario['title']; district: string; briefing: Scenario['briefing']; roles: Scenario['roles']; hazards: string[]; failAfterS: number; builtin: boolean; version: number }

/** What a person is told when an id names no scenario. */
export const noScenario = (id: string) => `no scenario "${id.slice(0, 64)}" (GET /api/scenarios lists them)`;

export type SaveResult = { ok: true; version: number; created: boolean } | { ok: false; status: 409 | 422; error: string };

const entry = (s: Scenario, builtin: boolean, version: number): LibraryEntry => ({ id: s.id, title: s.title, district: s.district, briefing: s.briefing, roles: s.roles, hazards: s.hazards.map((h) => h.model), failAfterS: s.end.failAfterS, builtin, version });

export class ScenarioLibrary {
  private readonly builtins = new Map(builtinScenarios().map((b) => [b.scenario.id, b]));
  /** A saved version never changes: each is read and checked once. */
  private readonly parsed = new Map<string, Scenario | null>();

  private constructor(private readonly sql: Sql) {}

  /** The library over the database, with DATA_DIR/scenarios from before imported (again: nothing added). */
  static async open(sql: Sql, dataDir: string | null = null): Promise<ScenarioLibrary> {
    if (dataDir) await importScenarioFiles(sql, join(dataDir, 'scenarios'));
    return new ScenarioLibrary(sql);
  }

  /** Why a scenario cannot be saved under this id (a built-in is a template), or null. */
  readOnly(id: string): string | null { return this.builtins.has(id) ? `"${id}" is a built-in scenario, read-only: save a copy under another id` : null; }

  async list(): Promise<LibraryEntry[]> {
    const latest = await this.sql.query<{ id: string; version: number }>('select id, max(version) as version from scenarios group by id order by id');
    const saved = await Promise.all(latest.filter((r) => !this.builtins.has(r.id)).map(async (r) => { const s = await this.scenarioAt(r.id, r.version); return s ? [entry(s, false, r.version)] : []; }));
    return [...[...this.builtins.values()].map((b) => entry(b.scenario, true, 0)), ...saved.flat()];
  }

  /** The YAML of a scenario as last saved (a built-in as shipped, version 0), or null. */
  async get(id: string): Promise<{ id: string; version: number; yaml: string; builtin: boolean } | null> {
    const b = this.builtins.get(id);
    if (b) return { id, version: 0, yaml: readFileSync(BUILTIN_DIR + b.file, 'utf8'), builtin: true };
    const [row] = await this.sql.query<{ version: number; yaml: string }>('select version, yaml from scenarios where id = $1 order by version desc limit 1', [id]);
    return row ? { id, version: row.version, yaml: row.yaml, builtin: false } : null;
  }

  async versions(id: string): Promise<{ version: number; savedAt: number; bytes: number }[] | null> {
    if (this.builtins.has(id)) return [{ version: 0, savedAt: 0, bytes: statSync(BUILTIN_DIR + this.builtins.get(id)!.file).size }];
    const rows = await this.sql.query<{ version: number; saved_at: number; bytes: number }>('select version, saved_at, octet_length(yaml) as bytes from scenarios where id = $1 order by version desc', [id]);
    return rows.length ? rows.map((r) => ({ version: r.version, savedAt: r.saved_at, bytes: r.bytes })) : null;
  }

  /** The checked scenario a drill starts from: a built-in, or the latest saved version. */
  async scenario(id: string): Promise<Scenario | null> {
    const b = this.builtins.get(id);
    if (b) return b.scenario;
    const [row] = await this.sql.query<{ version: number }>('select max(version) as version from scenarios where id = $1', [id]);
    return row?.version ? this.scenarioAt(id, row.version) : null;
  }

  /** Saves a new version of a checked scenario. `expectedVersion`: the version the editor started from (409 if
   * another was saved since). Two saves at once, here or in another process: the version's key lets one in. */
  async save(id: string, yaml: string, scenario: Scenario, expectedVersion: number | null, now = Date.now()): Promise<SaveResult> {
    const readOnly = this.readOnly(id);
    if (readOnly) return { ok: false, status: 409, error: readOnly };
    if (RESERVED.has(id)) return { ok: false, status: 422, error: `"${id}" is a reserved name: choose another id` };
    for (let tries = 0; tries < 5; tries++) {
      const [row] = await this.sql.query<{ version: number }>('select coalesce(max(version), 0) as version from scenarios where id = $1', [id]);
      const latest = row!.version;
      if (expectedVersion !== null && expectedVersion !== latest) return { ok: false, status: 409, error: `"${id}" is at version ${latest} now, not ${expectedVersion}: someone saved it since you opened it; reload and edit again` };
      const inserted = await this.sql.query('insert into scenarios (id, version, saved_at, yaml, scenario) values ($1, $2, $3, $4, $5) on conflict do nothing returning version',
        [id, latest + 1, now, yaml, JSON.stringify(scenario)]);
      if (inserted.length) return { ok: true, version: latest + 1, created: latest === 0 };
    }
    return { ok: false, status: 409, error: `"${id}" is being saved by someone else at this moment: reload and try again` };
  }

  private async scenarioAt(id: string, version: number): Promise<Scenario | null> {
    const key = `${id}@${version}`;
    if (!this.parsed.has(key)) {
      const [row] = await this.sql.query<{ scenario: unknown }>('select scenario from scenarios where id = $1 and version = $2', [id, version]);
      const parsed = row ? Scenario.safeParse(row.scenario) : null;
      this.parsed.set(key, parsed?.success ? parsed.data : null);
    }
    return this.parsed.get(key)!;
  }
}

/** Saved scenarios as files (before the database kept them): each version whose YAML and checked JSON are both there. */
async function importScenarioFiles(sql: Sql, dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const id of readdirSync(dir)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id) || id === '.' || id === '..') continue;
    for (const f of readdirSync(join(dir, id))) {
      const m = /^(\d+)\.yaml$/.exec(f);
      const json = join(dir, id, `${m?.[1]}.json`);
      if (!m || !existsSync(json)) continue;
      const yamlFile = join(dir, id, f);
      await sql.query('insert into scenarios (id, version, saved_at, yaml, scenario) values ($1, $2, $3, $4, $5) on conflict do nothing',
        [id, Number(m[1]), Math.round(statSync(yamlFile).mtimeMs), readFileSync(yamlFile, 'utf8'), readFileSync(json, 'utf8')]);
    }
  }
}
