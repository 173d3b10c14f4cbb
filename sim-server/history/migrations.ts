// The history's schema as numbered migrations, applied in order at start, each once, in a transaction
// with its entry in schema_migrations. A migration already applied is never edited: the next number
// changes what needs changing. Times are epoch milliseconds (bigint), as everywhere in the twin.
import type { Sql } from './sql';

export interface Migration { version: number; name: string; sql: string }

/** Migration 2's bucket: the KPI aggregates count alarms by the 10 days they were raised in (whole buckets of a
 * window are read from the aggregates, its edges from the alarms). Part of the migration: never changed. */
export const KPI_BUCKET_MS = 864_000_000;

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
  {
    version: 2, name: 'alarm KPI aggregates',
    sql: kpiAggregates(),
  },
  {
    version: 3, name: 'people, audit and the live log shared by processes',
    sql: `
-- people, sessions and personal tokens as an append-only log of latest states (people/peopleStore.ts); a writer
-- takes advisory lock 7306 before its insert, so rows commit in seq order and a reader may go on from the last seq
-- it saw. file_offset: where an imported line stood in DATA_DIR/people.jsonl (imported once, at start).
create table people_log (
  seq bigserial primary key,
  record jsonb not null,
  file_offset bigint unique
);
-- the audit log is written straight into its table now: a row's id orders it; file_offset only for lines of
-- audit.jsonl imported from before
alter table audit drop constraint audit_pkey;
alter table audit alter column file_offset drop not null;
alter table audit add column id bigserial primary key;
create unique index audit_file_offset on audit (file_offset);
-- the live stream's write-ahead log, shared by the processes of a district (cluster/sharedLiveLog.ts): the
-- owner commits each batch here before announcing it; a snapshot row now and then, and rows before the
-- newest snapshot deleted. A process that takes the live stream over starts from the newest snapshot.
create table live_log (
  district text collate "C" not null,
  seq bigserial,
  snapshot boolean not null,
  record jsonb not null,
  primary key (district, seq)
);
-- saved scenarios, every version as written (YAML) and as checked (scenarioLibrary.ts)
create table scenarios (
  id text collate "C" not null,
  version int not null,
  saved_at bigint not null,
  yaml text not null,
  scenario jsonb not null,
  primary key (id, version)
);
-- residents' report photos (reports/photoUpload.ts checked them), by the name the report holds
create table report_photos (
  name text collate "C" primary key,
  content_type text not null,
  bytes bytea not null,
  at bigint not null
);`,
  },
  {
    version: 4, name: 'drill evaluation: teams, ratings, corrective actions',
    sql: `
-- a drill's team and its final rating of each critical task (drill/aar.ts), and how much of its journal they were read from
alter table drill_summaries add column team text, add column ratings jsonb not null default '[]', add column journal_bytes bigint not null default 0;
create index drill_summaries_team on drill_summaries (team, created_at);
-- the improvement plan: corrective actions from drills' rated tasks, tracked across drills (history/improvementPlan.ts)
create table corrective_actions (
  id text collate "C" primary key,
  drill_id text collate "C" not null,
  task text collate "C" not null,
  text text not null,
  owner text not null,
  due text not null,
  status text not null,
  scenario_id text collate "C" not null,
  team text,
  created_at bigint not null,
  created_by text not null,
  updated_at bigint not null
);
create index corrective_actions_open on corrective_actions (status, scenario_id);`,
  },
];

/** Migration 2: what a year's KPIs need, kept up to date by statement triggers on `alarms` (whatever writes
 * it: the journal's feed, an import, a restore, the retention's deletes), so a year is a few thousand rows:
 * alarms raised per 10 minutes; per bucket and level, acknowledgement delays by 10 s (-1: not acknowledged)
 * and the shelved among them; per bucket and source, the count and the most within a minute (counted within
 * the bucket). The two expression indexes find what the aggregates cannot know for a window: alarms
 * acknowledged or shelved after its end, and the 100 ms bins inside a 10 s one. */
function kpiAggregates(): string {
  const B = KPI_BUCKET_MS;
  const delta = (rows: [string, 1 | -1][]) => {
    const d = `(${rows.map(([table, s]) => `select raised_at, device_id, kind, level, acked_at, first_shelved_at, ${s} as s from ${table}`).join(' union all ')}) d`;
    return `
  insert into kpi_periods (bucket, n) select raised_at / 600000, sum(s) from ${d} group by 1
    on conflict (bucket) do update set n = kpi_periods.n + excluded.n;
  delete from kpi_periods where n = 0 and bucket in (select raised_at / 600000 from ${d});
  insert into kpi_levels (bucket, level, coarse, n, shelved)
    select raised_at / ${B}, level, coalesce((acked_at - raised_at + 50) / 10000, -1), sum(s), coalesce(sum(s) filter (where first_shelved_at is not null), 0) from ${d} group by 1, 2, 3
    on conflict (bucket, level, coarse) do update set n = kpi_levels.n + excluded.n, shelved = kpi_levels.shelved + excluded.shelved;
  delete from kpi_levels where n = 0 and bucket in (select raised_at / ${B} from ${d});
  insert into kpi_sources (bucket, device_id, kind, n, most) select raised_at / ${B}, device_id, kind, sum(s), 0 from ${d} group by 1, 2, 3
    on conflict (bucket, device_id, kind) do update set n = kpi_sources.n + excluded.n;
  delete from kpi_sources k using (select distinct raised_at / ${B} as bucket, device_id, kind from ${d}) t
    where k.n = 0 and k.bucket = t.bucket and k.device_id = t.device_id and k.kind = t.kind;
  update kpi_sources k set most = m.most from (
    select t.bucket, t.device_id, t.kind, coalesce(max(w.c), 0) as most
    from (select distinct raised_at / ${B} as bucket, device_id, kind from ${d}) t
    left join lateral (
      select count(*) over (order by a.raised_at range between 60000 preceding and current row) as c
      from alarms a where a.device_id = t.device_id and a.kind = t.kind and a.raised_at >= t.bucket * ${B} and a.raised_at < (t.bucket + 1) * ${B}) w on true
    group by 1, 2, 3) m
  where k.bucket = m.bucket and k.device_id = m.device_id and k.kind = m.kind and k.most <> m.most;`;
  };
  return `
create table kpi_periods (bucket bigint primary key, n int not null);
create table kpi_levels (bucket bigint not null, level text collate "C" not null, coarse bigint not null, n int not null, shelved int not null, primary key (bucket, level, coarse));
create table kpi_sources (bucket bigint not null, device_id text collate "C" not null, kind text collate "C" not null, n int not null, most int not null, primary key (bucket, device_id, kind));
insert into kpi_periods select raised_at / 600000, count(*) from alarms group by 1;
insert into kpi_levels select raised_at / ${B}, level, coalesce((acked_at - raised_at + 50) / 10000, -1), count(*), count(*) filter (where first_shelved_at is not null) from alarms group by 1, 2, 3;
insert into kpi_sources select bucket, device_id, kind, count(*), max(c) from (
  select raised_at / ${B} as bucket, device_id, kind,
         count(*) over (partition by device_id, kind, raised_at / ${B} order by raised_at range between 60000 preceding and current row) as c
  from alarms) s group by 1, 2, 3;
create index alarms_ack_delay on alarms ((acked_at - raised_at));
create index alarms_shelve_delay on alarms ((first_shelved_at - raised_at));
create function kpi_inserted() returns trigger language plpgsql as $fn$ begin ${delta([['new_rows', 1]])}
  return null; end $fn$;
create function kpi_updated() returns trigger language plpgsql as $fn$ begin ${delta([['old_rows', -1], ['new_rows', 1]])}
  return null; end $fn$;
create function kpi_deleted() returns trigger language plpgsql as $fn$ begin ${delta([['old_rows', -1]])}
  return null; end $fn$;
create trigger alarms_kpi_inserted after insert on alarms referencing new table as new_rows for each statement execute function kpi_inserted();
create trigger alarms_kpi_updated after update on alarms referencing old table as old_rows new table as new_rows for each statement execute function kpi_updated();
create trigger alarms_kpi_deleted after delete on alarms referencing old table as old_rows for each statement execute function kpi_deleted();`;
}

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
