// The improvement plan in the database (HSEEP's AAR/IP): corrective actions, each from a drill's rated critical task,
// with an owner (a person, by login), a due date and a status, tracked across drills. A team's page is its drills'
// final ratings (drill_summaries, fed from the journals) and its actions. An open action whose task a later drill of
// its scenario or its team rated P is proposed for closing; a person closes it.
import { randomBytes } from 'node:crypto';
import type { CorrectiveAction, CorrectiveStatus } from '../../twin-assets/improvement';
import type { Actor, Rating } from '../../twin-assets/protocol';
import type { Sql } from './sql';

interface Row {
  id: string; drill_id: string; task: string; text: string; owner: string; due: string; status: CorrectiveStatus; scenario_id: string; team: string | null;
  created_at: string | number; created_by: string; updated_at: string | number; close_drill: string | null; close_at: string | number | null;
}
export interface ActionFilter { team?: string; status?: CorrectiveStatus; scenarioId?: string; drillId?: string }
export interface TeamDrill { drillId: string; scenarioId: string; title: { zh: string; en: string }; createdAt: number; outcome: string; ratings: { task: string; rating: Rating; given: boolean }[] }

/** The first later drill (of the action's scenario, or its team) that rated the action's task P. */
const SELECT = `select a.*, p.drill_id as close_drill, p.created_at as close_at from corrective_actions a
  left join drill_summaries d on d.drill_id = a.drill_id
  left join lateral (select s.drill_id, s.created_at from drill_summaries s
    where a.status = 'open' and s.drill_id <> a.drill_id and s.created_at > coalesce(d.created_at, a.created_at)
      and (s.scenario_id = a.scenario_id or s.team = a.team)
      and s.ratings @> jsonb_build_array(jsonb_build_object('task', a.task, 'rating', 'P'))
    order by s.created_at limit 1) p on true`;

export class ImprovementPlan {
  constructor(private readonly sql: Sql, private readonly nameOf: (login: string) => string | null, private readonly now: () => number = Date.now) {}

  async list(f: ActionFilter = {}): Promise<CorrectiveAction[]> {
    const where: string[] = [], args: unknown[] = [];
    const add = (col: string, v: string | undefined) => { if (v !== undefined) { args.push(v); where.push(`a.${col} = $${args.length}`); } };
    add('team', f.team); add('status', f.status); add('scenario_id', f.scenarioId); add('drill_id', f.drillId);
    const rows = await this.sql.query<Row>(`${SELECT}${where.length ? ` where ${where.join(' and ')}` : ''} order by a.status = 'open' desc, a.due, a.created_at`, args);
    return rows.map((r) => this.view(r));
  }

  async get(id: string): Promise<CorrectiveAction | null> {
    return (await this.sql.query<Row>(`${SELECT} where a.id = $1`, [id])).map((r) => this.view(r))[0] ?? null;
  }

  /** A new action for a drill's task; `drill` is where it came from (its scenario re-drills it unless another is named). */
  async create(a: { drillId: string; task: string; text: string; owner: string; due: string; scenarioId?: string }, drill: { scenarioId: string; team: string | null }, by: Actor): Promise<CorrectiveAction> {
    const id = `ca-${randomBytes(6).toString('hex')}`, at = this.now();
    await this.sql.query(`insert into corrective_actions (id, drill_id, task, text, owner, due, status, scenario_id, team, created_at, created_by, updated_at)
      values ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $9)`, [id, a.drillId, a.task, a.text, a.owner, a.due, a.scenarioId ?? drill.scenarioId, drill.team, at, by.name]);
    return (await this.get(id))!;
  }

  async change(id: string, c: { text?: string; owner?: string; due?: string; status?: CorrectiveStatus; scenarioId?: string }): Promise<CorrectiveAction | null> {
    const set: string[] = [], args: unknown[] = [id];
    for (const [col, v] of [['text', c.text], ['owner', c.owner], ['due', c.due], ['status', c.status], ['scenario_id', c.scenarioId]] as const) {
      if (v !== undefined) { args.push(v); set.push(`${col} = $${args.length}`); }
    }
    args.push(this.now());
    const n = await this.sql.query<{ id: string }>(`update corrective_actions set ${set.join(', ')}, updated_at = $${args.length} where id = $1 returning id`, args);
    return n.length ? this.get(id) : null;
  }

  /** Where a drill came from, as its summary holds it (null until the drill has ended and been fed). */
  async drill(drillId: string): Promise<{ scenarioId: string; team: string | null } | null> {
    const r = (await this.sql.query<{ scenario_id: string; team: string | null }>('select scenario_id, team from drill_summaries where drill_id = $1', [drillId]))[0];
    return r ? { scenarioId: r.scenario_id, team: r.team } : null;
  }

  async teams(): Promise<{ team: string; drills: number; openActions: number; lastDrillAt: number | null }[]> {
    const rows = await this.sql.query<{ team: string; drills: string | number; open: string | number; last: string | number | null }>(
      `select t.team, (select count(*) from drill_summaries s where s.team = t.team) as drills,
         (select count(*) from corrective_actions a where a.team = t.team and a.status = 'open') as open,
         (select max(created_at) from drill_summaries s where s.team = t.team) as last
       from (select team from drill_summaries where team is not null union select team from corrective_actions where team is not null) t order by t.team`);
    return rows.map((r) => ({ team: r.team, drills: Number(r.drills), openActions: Number(r.open), lastDrillAt: r.last === null ? null : Number(r.last) }));
  }

  /** A team's drills, oldest first, with each task's final rating, and its corrective actions. */
  async team(team: string): Promise<{ team: string; drills: TeamDrill[]; actions: CorrectiveAction[] }> {
    const drills = await this.sql.query<{ drill_id: string; scenario_id: string; title: TeamDrill['title']; created_at: string | number; outcome: string; ratings: TeamDrill['ratings'] }>(
      'select drill_id, scenario_id, title, created_at, outcome, ratings from drill_summaries where team = $1 order by created_at', [team]);
    return {
      team,
      drills: drills.map((d) => ({ drillId: d.drill_id, scenarioId: d.scenario_id, title: d.title, createdAt: Number(d.created_at), outcome: d.outcome, ratings: d.ratings })),
      actions: await this.list({ team }),
    };
  }

  private view(r: Row): CorrectiveAction {
    return {
      id: r.id, drillId: r.drill_id, task: r.task, text: r.text, owner: r.owner, ownerName: this.nameOf(r.owner) ?? r.owner, due: r.due, status: r.status,
      scenarioId: r.scenario_id, team: r.team, createdAt: Number(r.created_at), createdBy: r.created_by, updatedAt: Number(r.updated_at),
      closeProposed: r.close_drill ? { drillId: r.close_drill, createdAt: Number(r.close_at) } : null,
    };
  }
}
