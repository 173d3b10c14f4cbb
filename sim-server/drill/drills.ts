// The drills this server holds: created from a scenario by a trainer, each with its session and its
// `drill` room; ended drills leave their journal on disk, from which the report is built.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchMaker } from '@colyseus/core';
import type { IClientOptions } from 'mqtt';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { Metrics } from '../metrics';
import type { Actor } from '../../twin-assets/protocol';
import { serverRoomOptions } from '../rooms/serverRooms';
import { noScenario, type ScenarioLibrary } from '../scenarioLibrary';
import { DrillLog } from './drillLog';
import { DrillSession } from './drillSession';
import { DEFAULT_TEAM } from '../../twin-assets/protocol';
import type { CorrectiveAction } from '../../twin-assets/improvement';

export interface DrillsDeps {
  index: DistrictIndex; rules: RuleSet; mqttUrl: string; mqttOptions?: IClientOptions; webhookUrl?: string | null; dataDir: string; maxDrills: number; metrics: Metrics; library: Pick<ScenarioLibrary, 'scenario'>; log: (line: string) => void;
  /** The open corrective actions a drill of this scenario re-tests: its briefing lists them. */
  openActions?: (scenarioId: string) => Promise<CorrectiveAction[]>;
}

export type CreateResult = { ok: true; drillId: string; roomId: string; code: string } | { ok: false; status: number; error: string };

/** A guest's join code: 8 letters and digits a trainer reads out (no 0/O, 1/I/L); 32^8 ≈ 10^12, and wrong
 * tries are throttled per address. It ends with the drill. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function newCode(): string {
  const bytes = randomBytes(8);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('').replace(/^(.{4})/, '$1-');
}
/** What a person typed, as the code is kept: upper case, without spaces or dashes. */
export const normalCode = (s: string) => s.toUpperCase().replace(/[\s-]/g, '');

const DRILL_ID = /^[a-z0-9-]{1,64}$/;

export class Drills {
  private readonly sessions = new Map<string, { session: DrillSession; roomId: string; code: string }>();
  /** Until the start has brought back the drills it can, a drill without an outcome is `resuming`, not `interrupted`. */
  private resuming = true;

  constructor(private readonly deps: DrillsDeps) {
    deps.metrics.drills.source = () => {
      const counts: Record<string, number> = {};
      for (const { session } of this.sessions.values()) counts[session.status] = (counts[session.status] ?? 0) + 1;
      return counts;
    };
  }

  get(drillId: string): DrillSession | undefined { return this.sessions.get(drillId)?.session; }

  /** The guest join code of a drill held here (kept beside its journal, so a resumed drill keeps it). */
  code(drillId: string): string | undefined { return this.sessions.get(drillId)?.code; }

  private codeFile(drillId: string): string { return join(this.deps.dataDir, 'drills', `${drillId}.code`); }

  /** The drills held now, then the past ones whose journals are on disk (newest first), for their reports. */
  list() {
    const held = [...this.sessions.entries()].map(([drillId, { session, roomId }]) => ({ drillId, roomId: roomId as string | null, scenarioId: session.scenario.id, team: session.team ?? null, createdAt: session.createdAt, trainer: session.createdBy ?? null, status: session.status as string, simS: session.simS, players: session.players.size }));
    const dir = join(this.deps.dataDir, 'drills');
    const past = (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.endsWith('.jsonl') && !f.endsWith('-alarms.jsonl') && !this.sessions.has(f.slice(0, -6)))
      .map((f) => DrillLog.summary(join(dir, f)))
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((x) => ({ drillId: x.drillId, roomId: null, scenarioId: x.scenarioId, team: x.team, createdAt: x.createdAt, trainer: x.createdBy, status: x.outcome !== null ? 'ended' : this.resuming ? 'resuming' : 'interrupted', outcome: x.outcome }));
    return [...held, ...past];
  }

  /** A new drill from a built-in or saved scenario (its latest version); the body was decoded by its schema at the edge (BODY_SCHEMAS.drill). */
  async create(scenarioId: string, seed: number | undefined, by: Actor, team: string = DEFAULT_TEAM): Promise<CreateResult> {
    const scenario = await this.deps.library.scenario(scenarioId);
    if (!scenario) return { ok: false, status: 404, error: noScenario(scenarioId) };
    const districtId = this.deps.index.district.id;
    if (scenario.district !== districtId) return { ok: false, status: 409, error: `scenario "${scenario.id}" is written for district "${scenario.district}", this server runs "${districtId}"` };
    if (this.sessions.size >= this.deps.maxDrills) return { ok: false, status: 503, error: `this server already holds ${this.deps.maxDrills} drills (MAX_DRILLS): end one, or wait for an ended one to empty` };
    const drillId = `${scenario.id.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
    const session = await DrillSession.create({ drillId, scenario, seed: seed ?? 1, team, createdBy: by.name, ...this.sessionDeps(drillId) });
    await this.brief(session);
    const code = newCode();
    writeFileSync(this.codeFile(drillId), normalCode(code), { mode: 0o600 });
    const roomId = await this.open(session, normalCode(code));
    this.deps.log(`drill ${drillId} of ${team} created from "${scenario.id}" (seed ${seed ?? 1}) by ${by.name}, room ${roomId}`);
    return { ok: true, drillId, roomId, code };
  }

  private sessionDeps(drillId: string) {
    const { index, rules, mqttUrl, mqttOptions, webhookUrl, dataDir } = this.deps;
    return { index, rules, mqttUrl, mqttOptions, webhookUrl, dataDir, log: (line: string) => this.deps.log(`drill ${drillId}: ${line}`) };
  }

  /** The corrective actions the drill re-tests, for its briefing (none when the database cannot say now: the drill goes on). */
  private async brief(session: DrillSession): Promise<void> {
    try { session.retest = (await this.deps.openActions?.(session.scenario.id)) ?? []; }
    catch (e) { this.deps.log(`drill ${session.drillId}: its open corrective actions could not be read (${(e as Error).message}); the briefing goes without them`); }
  }

  private async open(session: DrillSession, code: string): Promise<string> {
    this.sessions.set(session.drillId, { session, roomId: '', code });
    try {
      const room = await matchMaker.createRoom('drill', serverRoomOptions({ drillId: session.drillId }));
      this.sessions.get(session.drillId)!.roomId = room.roomId;
      return room.roomId;
    } catch (e) {
      this.sessions.delete(session.drillId);
      await session.close();
      throw e;
    }
  }

  /** After a restart: every drill whose journal has no outcome is brought back from its recorded inputs,
   * paused at the simulated second it had reached, for its players to rejoin with their roles. */
  async resumeInterrupted(): Promise<string[]> {
    try { return await this.resumeAll(); } finally { this.resuming = false; }
  }

  /** Whether the start has brought back every drill it could. */
  get ready(): boolean { return !this.resuming; }

  private async resumeAll(): Promise<string[]> {
    const dir = join(this.deps.dataDir, 'drills');
    const resumed: string[] = [];
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      if (!f.endsWith('.jsonl') || f.endsWith('-alarms.jsonl') || this.sessions.size >= this.deps.maxDrills) continue;
      const file = join(dir, f);
      const summary = DrillLog.summary(file);
      if (!summary || summary.outcome !== null || this.sessions.has(summary.drillId)) continue;
      const journal = readFileSync(file);
      const created = DrillLog.parse(journal.subarray(0, journal.indexOf(0x0a) + 1))[0];
      if (created?.t !== 'created' || created.scenario.district !== this.deps.index.district.id || !journal.includes('"t":"input"')) continue;
      const t0 = performance.now();
      try {
        const { session, from, how } = await DrillSession.resume(this.sessionDeps(created.drillId), file, journal);
        await this.brief(session);
        this.deps.metrics.drillResumes.inc({ how });
        const codeFile = this.codeFile(created.drillId);
        const roomId = await this.open(session, existsSync(codeFile) ? readFileSync(codeFile, 'utf8').trim() : normalCode(newCode()));
        resumed.push(created.drillId);
        this.deps.log(`drill ${created.drillId} resumed from ${from}, at ${session.simS} s, ${session.status}, in ${Math.round(performance.now() - t0)} ms (room ${roomId}); its players can rejoin`);
      } catch (e) {
        this.deps.log(`drill ${created.drillId} could not be resumed from ${file}: ${(e as Error).message}; it is listed as interrupted`);
      }
    }
    return resumed;
  }

  /** The room went away (the drill ended and everyone left): let go of the session; its journal stays. */
  async disposed(drillId: string): Promise<void> {
    const entry = this.sessions.get(drillId);
    this.sessions.delete(drillId);
    await entry?.session.close();
  }

  /** The drill's journal, from which its report is built (in a worker: see http/api.ts); null for a bad id.
   * A drill held here writes what it has batched first (its journal is written once per room tick), so the
   * report holds every input already answered, and two reports asked in a row are the same. */
  journalFile(drillId: string): string | null {
    if (!DRILL_ID.test(drillId)) return null;
    this.get(drillId)?.flushJournal();
    return join(this.deps.dataDir, 'drills', `${drillId}.jsonl`);
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.disposed(id);
  }
}
