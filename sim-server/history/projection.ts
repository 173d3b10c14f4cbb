// Journal records → the history's rows. Pure: a batch of records in, SQL statements out, written by the
// history writer in one transaction. Every statement is idempotent and ordered by version (an alarm's, task's
// or report's transitions recorded), so reading a journal twice, or an old record after a newer one, changes
// nothing: that is what makes catching up after a crash, and `history:import`, safe to repeat.
import type { StoredAlarm } from '../core/alarmEngine';
import type { Task } from '../core/dispatch';
import type { CommandRecord } from '../core/commands';
import type { HazardReport } from '../../twin-assets/reports';
import type { JournalRecord } from '../journal/records';
import type { Statement } from './sql';

/** The latest of each alarm, task and report in the batch, and every service change. */
function collapse(records: JournalRecord[]) {
  const alarms = new Map<string, { s: StoredAlarm; at: number }>();
  const tasks = new Map<string, Task>();
  const reports = new Map<string, HazardReport>();
  const service: Extract<JournalRecord, { t: 'service' }>[] = [];
  const commands = new Map<string, CommandRecord>();
  for (const r of records) {
    if (r.t === 'alarm') {
      const was = alarms.get(r.s.alarm.id);
      if (!was || was.s.history.length <= r.s.history.length) alarms.set(r.s.alarm.id, { s: r.s, at: r.at });
    } else if (r.t === 'task') {
      const was = tasks.get(r.task.id);
      if (!was || was.history.length <= r.task.history.length) tasks.set(r.task.id, r.task);
    } else if (r.t === 'report') {
      const was = reports.get(r.report.id);
      if (!was || was.history.length <= r.report.history.length) reports.set(r.report.id, r.report);
    } else if (r.t === 'command') {
      if (r.command.state !== 'sent' || !commands.has(r.command.reqId)) commands.set(r.command.reqId, r.command);
    } else service.push(r);
  }
  return { alarms: [...alarms.values()], tasks: [...tasks.values()], reports: [...reports.values()], service, commands: [...commands.values()] };
}

/** Columns as parallel arrays, inserted with one `unnest`: one statement however many rows. */
export function columns<T>(rows: T[], pick: (row: T, n: number) => unknown[]): unknown[][] {
  const cols: unknown[][] = [];
  rows.forEach((row, n) => pick(row, n).forEach((v, i) => (cols[i] ??= []).push(v === undefined ? null : v)));
  return cols;
}

export const unnest = (types: string[]) => `select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;

export function project(records: JournalRecord[]): Statement[] {
  const { alarms, tasks, reports, service, commands } = collapse(records);
  const out: Statement[] = [];
  if (alarms.length) {
    out.push({
      sql: `insert into alarms (id, device_id, kind, level, state, courtyard_id, raised_at, acked_at, acked_by, acked_by_id, closed_at, first_shelved_at, exercise, version, updated_at)
            ${unnest(['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'bigint', 'bigint', 'boolean', 'int', 'bigint'])}
            on conflict (id) do update set level = excluded.level, state = excluded.state, acked_at = excluded.acked_at, acked_by = excluded.acked_by,
              acked_by_id = excluded.acked_by_id, closed_at = excluded.closed_at, first_shelved_at = excluded.first_shelved_at, version = excluded.version,
              updated_at = excluded.updated_at
            where alarms.version <= excluded.version`,
      params: columns(alarms, ({ s, at }) => {
        const a = s.alarm;
        const ackedById = a.ackedAt === null ? null : s.history.find((t) => t.at === a.ackedAt && t.by === a.ackedBy)?.byId ?? null;
        return [a.id, a.deviceId, a.kind, a.level, a.state, a.location.courtyardId, a.raisedAt, a.ackedAt, a.ackedBy, ackedById,
          a.state === 'closed' ? s.history.at(-1)?.at ?? at : null, s.history.find((t) => t.to === 'shelved')?.at ?? null, a.exercise, s.history.length, at];
      }),
    });
    out.push({
      sql: `insert into alarm_docs (id, version, alarm, extra) select id, version, alarm::jsonb, extra::jsonb from (${unnest(['text', 'int', 'text', 'text'])}) as u(id, version, alarm, extra)
            on conflict (id) do update set version = excluded.version, alarm = excluded.alarm, extra = excluded.extra where alarm_docs.version <= excluded.version`,
      params: columns(alarms, ({ s }) => {
        const { alarm, history: _h, ...extra } = s;
        return [alarm.id, s.history.length, JSON.stringify(alarm), JSON.stringify(extra)];
      }),
    });
    const transitions = alarms.flatMap(({ s }) => s.history.map((t, seq) => ({ id: s.alarm.id, seq, t })));
    out.push({
      sql: `insert into alarm_transitions (alarm_id, seq, at, from_state, to_state, level, by, by_id, reason)
            ${unnest(['text', 'int', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text'])} on conflict do nothing`,
      params: columns(transitions, ({ id, seq, t }) => [id, seq, t.at, t.from, t.to, t.level, t.by, t.byId, t.reason]),
    });
  }
  if (tasks.length) {
    out.push({
      sql: `insert into tasks (id, alarm_id, kind, resource, state, assigned_at, on_site_at, done_at, version, task)
            select id, alarm_id, kind, resource, state, assigned_at, on_site_at, done_at, version, task::jsonb
            from (${unnest(['text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint', 'int', 'text'])}) as u(id, alarm_id, kind, resource, state, assigned_at, on_site_at, done_at, version, task)
            on conflict (id) do update set state = excluded.state, on_site_at = excluded.on_site_at, done_at = excluded.done_at, version = excluded.version, task = excluded.task
            where tasks.version <= excluded.version`,
      params: columns(tasks, (t) => [t.id, t.alarmId, t.kind, t.resource.name, t.state, t.assignedAt, t.onSiteAt, t.doneAt, t.history.length, JSON.stringify(t)]),
    });
  }
  if (reports.length) {
    out.push({
      sql: `insert into reports (id, category, status, courtyard_id, submitted_at, updated_at, version, report)
            select id, category, status, courtyard_id, submitted_at, updated_at, version, report::jsonb
            from (${unnest(['text', 'text', 'text', 'text', 'bigint', 'bigint', 'int', 'text'])}) as u(id, category, status, courtyard_id, submitted_at, updated_at, version, report)
            on conflict (id) do update set status = excluded.status, updated_at = excluded.updated_at, version = excluded.version, report = excluded.report
            where reports.version <= excluded.version`,
      params: columns(reports, (r) => [r.id, r.category, r.status, r.place.courtyardId, r.submittedAt, r.updatedAt, r.history.length, JSON.stringify(r)]),
    });
  }
  if (service.length) {
    out.push({
      sql: `insert into service_notes (device_id, at, out_of_service, by, by_id, reason)
            ${unnest(['text', 'bigint', 'boolean', 'text', 'text', 'text'])} on conflict do nothing`,
      params: columns(service, (r) => [r.deviceId, r.at, r.outOfService, r.by, r.byId, r.reason]),
    });
  }
  if (commands.length) {
    out.push({
      sql: `insert into commands (req_id, device_id, cmd, by, by_id, sent_at, state, answered_at, result, version)
            ${unnest(['text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'bigint', 'text', 'int'])}
            on conflict (req_id) do update set state = excluded.state, answered_at = excluded.answered_at, result = excluded.result, version = excluded.version
            where commands.version <= excluded.version`,
      params: columns(commands, (c) => [c.reqId, c.deviceId, c.cmd, c.by, c.byId, c.sentAt, c.state, c.answeredAt, c.result, c.state === 'sent' ? 0 : 1]),
    });
  }
  return out;
}

/** Where the history has read the journal to: the segment (when the journal file began) and the byte offset in it. */
export const positionStatement = (journal: string, segment: number, offset: number, at: number): Statement => ({
  sql: `insert into history_position (journal, segment, "offset", at) values ($1, $2, $3, $4)
        on conflict (journal) do update set segment = excluded.segment, "offset" = excluded."offset", at = excluded.at`,
  params: [journal, segment, offset, at],
});
