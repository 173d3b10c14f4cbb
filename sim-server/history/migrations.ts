// The history's schema as numbered migrations, applied in order at start, each once, in a transaction
// with its entry in schema_migrations. A migration already applied is never edited: the next number
// changes what needs changing. Times are epoch milliseconds (bigint), as everywhere in the twin.
import type { Sql } from './sql';

export interface Migration { version: number; name: string; sql: string }

export const MIGRATIONS: Migration[] = [
  {
    version: 1, name: 'alarms, tasks, service, reports, readings',
    sql: `
-- Ids and codes compare byte by byte (collate "C"): fast, and their order is not a language's.
create table alarms (
  id text collate "C" primary key,
  device_id text collate "C" not null,
  kind text collate "C" not null,
  level text collate "C" not null,
  state text collate "C" not null,
  courtyard_id text collate "C",
  raised_at bigint not null,
  acked_at bigint,
  acked_by text,
  acked_by_id text,
  closed_at bigint,
  first_shelved_at bigint,
  exercise boolean not null,
  -- transitions recorded: a record never replaces a later one
  version int not null,
  updated_at bigint not null
);
-- The alarm as last recorded, apart: the KPIs read a year of the narrow rows above without it.
create table alarm_docs (
  id text collate "C" primary key,
  version int not null,
  alarm jsonb not null,
  extra jsonb not null
);
create index alarms_raised on alarms (raised_at);
create index alarms_device on alarms (device_id, raised_at);
create index alarms_courtyard on alarms (courtyard_id, raised_at);
create index alarms_closed on alarms (closed_at);
-- each source's alarms in time order: the KPIs' chattering window reads it without a sort
create index alarms_source on alarms (device_id, kind, raised_at);
create table alarm_transitions (
  alarm_id text collate "C" not null,
  seq int not null,
  at bigint not null,
  from_state text,
  to_state text collate "C" not null,
  level text collate "C" not null,
  by text,
  by_id text,
  reason text,
  primary key (alarm_id, seq)
);
create index alarm_transitions_at on alarm_transitions (at);
create table tasks (
  id text collate "C" primary key,
  alarm_id text collate "C" not null,
  kind text collate "C" not null,
  resource text not null,
  state text collate "C" not null,
  assigned_at bigint not null,
  on_site_at bigint,
  done_at bigint,
  version int not null,
  task jsonb not null
);
create index tasks_alarm on tasks (alarm_id);
create table service_notes (
  device_id text collate "C" not null,
  at bigint not null,
  out_of_service boolean not null,
  by text not null,
  by_id text,
  reason text,
  primary key (device_id, at, out_of_service)
);
create table reports (
  id text collate "C" primary key,
  category text not null,
  status text not null,
  courtyard_id text collate "C",
  submitted_at bigint not null,
  updated_at bigint not null,
  version int not null,
  report jsonb not null
);
create index reports_submitted on reports (submitted_at);
create table readings_1m (
  device_id text collate "C" not null,
  quantity text collate "C" not null,
  t bigint not null,
  n int not null,
  min double precision not null,
  mean double precision not null,
  max double precision not null,
  last double precision not null,
  last_at bigint not null,
  primary key (device_id, quantity, t)
);
create index readings_1m_t on readings_1m (t);
-- Rolled up as the minutes are written (as historians keep them): a month by hour, a year by day, in a few hundred rows.
create table readings_1h (like readings_1m including all);
create table readings_1d (like readings_1m including all);
-- commands sent to devices and their answers (or their silence)
create table commands (
  req_id text collate "C" primary key,
  device_id text collate "C" not null,
  cmd text not null,
  by text not null,
  by_id text not null,
  sent_at bigint not null,
  state text not null,
  answered_at bigint,
  result text,
  -- 0 sent, 1 answered or timed out: an answer is never replaced by the sending
  version int not null
);
create index commands_device on commands (device_id, sent_at);
-- ended drills: what the review says of each (the journal stays in DATA_DIR/drills)
create table drill_summaries (
  drill_id text collate "C" primary key,
  scenario_id text not null,
  title jsonb not null,
  seed int not null,
  created_at bigint not null,
  outcome text not null,
  duration_s double precision not null,
  first_alarm_s double precision,
  kpis jsonb not null,
  objectives jsonb not null,
  score jsonb not null
);
create index drill_summaries_scenario on drill_summaries (scenario_id, created_at);
-- the audit log of people and machine credentials (people/audit.ts), by its place in audit.jsonl
create table audit (
  file_offset bigint primary key,
  at bigint not null,
  action text not null,
  by_id text not null,
  by_name text not null,
  by_login text,
  by_kind text not null,
  target text,
  outcome text not null,
  address text,
  detail jsonb
);
create index audit_at on audit (at);
create index audit_login on audit (by_login, at);
-- how far into each journal the history has read
create table history_position (
  journal text collate "C" primary key,
  segment bigint not null,
  "offset" bigint not null,
  at bigint not null
);`,
  },
];

/** Applies what is missing, in one transaction. Several processes starting at once: the transaction's advisory
 * lock lets one migrate while the others wait, then find nothing left to do. */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}): Promise<number[]> {
  const before = await appliedVersions(sql);
  await sql.batch([
    { sql: 'select pg_advisory_xact_lock(7305)' },
    { sql: 'create table if not exists schema_migrations (version int primary key, name text not null, applied_at bigint not null)' },
    ...MIGRATIONS.map((m) => ({
      sql: `do $migration$ begin
  if not exists (select 1 from schema_migrations where version = ${m.version}) then
    execute $ddl$${m.sql}$ddl$;
    insert into schema_migrations (version, name, applied_at) values (${m.version}, '${m.name.replace(/'/g, "''")}', ${Date.now()});
  end if;
end $migration$`,
    })),
  ]);
  const after = await appliedVersions(sql);
  const latest = MIGRATIONS.at(-1)!.version;
  const newest = Math.max(0, ...after);
  if (newest > latest) throw new Error(`the database's schema (version ${newest}) is newer than this version of the twin knows (${latest}): run the newer version, or restore a backup`);
  const applied = after.filter((v) => !before.includes(v));
  for (const v of applied) log(`history: database schema ${v} (${MIGRATIONS.find((m) => m.version === v)!.name}) applied`);
  return applied;
}

async function appliedVersions(sql: Sql): Promise<number[]> {
  const exists = await sql.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  if (!exists[0]?.t) return [];
  return (await sql.query<{ version: number }>('select version from schema_migrations order by version')).map((r) => r.version);
}
