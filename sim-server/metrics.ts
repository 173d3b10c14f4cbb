// Prometheus metrics, one registry per running twin (tests run several in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REJECT_REASONS } from '../bridge/rejections';
import { DRILL_STATUSES, RESPONSE_LEVELS } from '../twin-assets/protocol';

/** A counter by one label for the ingest path: `tally(value)` adds to a plain number, folded into the counter
 * whenever it is read (a scrape, `get()`). prom-client hashes the label set on every `inc`, which at 20,000
 * readings a second is a few per cent of the thread that raises alarms. */
function tallied(config: { name: string; help: string; labelNames: [string]; registers: Registry[] }) {
  const pending = new Map<string, number>();
  const [label] = config.labelNames;
  const counter = new Counter({
    ...config,
    collect() { for (const [value, n] of pending) this.inc({ [label]: value }, n); pending.clear(); },
  });
  return Object.assign(counter, { tally(value: string): void { pending.set(value, (pending.get(value) ?? 0) + 1); } });
}

/** `processMetrics: false` for a drill's own pipeline: its counters stay apart from the live twin's. */
export function createMetrics(opts: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'twin_process_' });
  /** Open alarms by level, supplied by the pipeline and read at scrape time. */
  const openAlarms: { source: (() => Record<string, number>) | null } = { source: null };
  /** Drills held, by status, supplied by the drill registry. */
  const drills: { source: (() => Record<string, number>) | null } = { source: null };
  const m = {
    registry,
    openAlarms,
    drills,
    messagesIn: tallied({ name: 'twin_mqtt_messages_in_total', help: 'Device messages received, by topic leaf', labelNames: ['leaf'], registers: [registry] }),
    dropped: new Counter({ name: 'twin_mqtt_messages_dropped_total', help: 'Valid device messages not applied, by reason (duplicate, late)', labelNames: ['reason'], registers: [registry] }),
    deviceRestarts: new Counter({ name: 'twin_device_restarts_total', help: 'Devices whose sequence window was re-based (a reboot, or a counter that jumped)', registers: [registry] }),
    readingsAccepted: tallied({ name: 'twin_readings_accepted_total', help: 'Telemetry messages accepted, by encoding', labelNames: ['format'], registers: [registry] }),
    rejected: new Counter({ name: 'twin_mqtt_messages_rejected_total', help: 'Device messages refused, by reason', labelNames: ['reason'], registers: [registry] }),
    alarmsRaised: new Counter({ name: 'twin_alarms_raised_total', help: 'Alarms raised, by response level', labelNames: ['level'], registers: [registry] }),
    alarmsOpen: new Gauge({ name: 'twin_alarms_open', help: 'Open alarms, by response level', labelNames: ['level'], registers: [registry],
      collect() { const counts = openAlarms.source?.(); if (counts) for (const level of RESPONSE_LEVELS) this.set({ level }, counts[level] ?? 0); } }),
    acks: new Counter({ name: 'twin_alarm_acks_total', help: 'Alarm acknowledgements, by outcome', labelNames: ['outcome'], registers: [registry] }),
    capPublished: new Counter({ name: 'twin_cap_messages_total', help: 'CAP messages published, by msgType', labelNames: ['msg_type'], registers: [registry] }),
    ingestSeconds: new Histogram({ name: 'twin_ingest_seconds', help: 'Time to take one device message through the twin core', buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05], registers: [registry] }),
    roomClients: new Gauge({ name: 'twin_room_clients', help: 'Clients joined, by room', labelNames: ['room'], registers: [registry] }),
    notifications: new Counter({ name: 'twin_notifications_total', help: 'Notifications by sink, channel and outcome (sent, refused_exercise, failed)', labelNames: ['sink', 'channel', 'outcome'], registers: [registry] }),
    escalations: new Counter({ name: 'twin_alarm_escalations_total', help: 'Alarms escalated for want of acknowledgement', registers: [registry] }),
    dispatchOverdue: new Counter({ name: 'twin_dispatch_overdue_total', help: 'Alarms past the 20-minute on-site target with no responder on site', registers: [registry] }),
    alarmFlood: new Gauge({ name: 'twin_alarm_flood', help: '1 while an ISA-18.2 alarm flood is on (more than 10 alarms in 10 minutes)', registers: [registry] }),
    drillTickSeconds: new Histogram({ name: 'twin_drill_tick_seconds', help: 'Time of one drill room tick (scenario, avatars, state)', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05], registers: [registry] }),
    drillsHeld: new Gauge({ name: 'twin_drills', help: 'Drills held in memory, by status', labelNames: ['status'], registers: [registry],
      collect() { const counts = drills.source?.() ?? {}; for (const status of DRILL_STATUSES) this.set({ status }, counts[status] ?? 0); } }),
    brokerRefused: new Counter({ name: 'twin_broker_refused_total', help: 'Embedded broker refusals: connect (bad key), client_id (the twin\'s own), publish, subscribe (ACL), oversized (packet over the limit; disconnected), throttled (a wrong login refused only after a wait: too many from its address)', labelNames: ['what'], registers: [registry] }),
    brokerClients: new Gauge({ name: 'twin_broker_clients', help: 'Clients connected to the embedded broker', registers: [registry] }),
    brokerSubscriptions: new Counter({ name: 'twin_broker_subscriptions_total', help: 'Subscriptions the embedded broker granted', registers: [registry] }),
    httpRefused: new Counter({ name: 'twin_http_refused_total', help: 'HTTP requests refused before any work: too_large (413), too_heavy (422: depth, aliases, time, memory), busy (503: workers full), rate_limited (429), unknown_reference (422: names a place the planner does not have), over_budget (422: a placement budget below the detectors installed), standby (503: a live route asked of a process standing by), server_rooms (403: a client asked to create a room), not_found (a matchmaker path no client may use)', labelNames: ['reason'], registers: [registry] }),
    roomMessagesRefused: new Counter({ name: 'twin_room_messages_refused_total', help: 'Room messages refused before any work, by reason (rate_limited, too_large)', labelNames: ['room', 'reason'], registers: [registry] }),
    journalFailing: new Gauge({ name: 'twin_journal_failing', help: '1 while the disk refuses the journal (records wait in memory)', registers: [registry] }),
    sourceMessages: new Counter({ name: 'twin_source_messages_total', help: 'Messages from device sources (network servers, IoT platforms), by source and outcome: taken, or why refused (not_parseable, bad_shape, oversized, unknown_identity, other_application, no_codec, not_quantities, codec_error, codec_timeout, codec_output, codec_busy, codec_crashed, codec_unknown)', labelNames: ['source', 'outcome'], registers: [registry] }),
    drillResumes: new Counter({ name: 'twin_drill_resumes_total', help: 'Drills brought back at start, by how: snapshot (their kernel snapshot and the inputs after it), replay (every input: no snapshot), snapshot_refused (a snapshot that did not fit its journal or could not be read: every input replayed)', labelNames: ['how'], registers: [registry] }),
    journalTorn: new Counter({ name: 'twin_journal_torn_records_total', help: 'Last journal records cut short by a crash, cut off at start and kept aside', registers: [registry] }),
    historyWritten: new Counter({ name: 'twin_history_records_written_total', help: 'Journal records written to the history database', registers: [registry] }),
    historyBatchSeconds: new Histogram({ name: 'twin_history_batch_seconds', help: 'Time to write one batch of records to the history database', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] }),
    historyFailing: new Gauge({ name: 'twin_history_failing', help: '1 while the history database cannot be written (records wait and are written when it is back)', registers: [registry] }),
    readingMinutesDropped: new Counter({ name: 'twin_history_reading_minutes_dropped_total', help: 'Reading aggregates let go while the database was away past the memory bound', registers: [registry] }),
    historyPruned: new Counter({ name: 'twin_history_pruned_rows_total', help: 'Rows removed past HISTORY_DAYS (alarms, records, audit) or 400 days (readings), by table', labelNames: ['table'], registers: [registry] }),
    unrecordedEvents: new Counter({ name: 'twin_journal_unrecorded_events_total', help: 'Events announced while the journal could not record them (written later)', registers: [registry] }),
    reports: new Counter({ name: 'twin_hazard_reports_total', help: 'Residents\' hazard reports taken, by category', labelNames: ['category'], registers: [registry] }),
    reportsRefused: new Counter({ name: 'twin_hazard_reports_refused_total', help: 'Residents\' hazard reports refused, by reason (not_image, too_large, bad_form, bad_place, rate_limited)', labelNames: ['reason'], registers: [registry] }),
    liveOwner: new Gauge({ name: 'twin_live_owner', help: '1 while this process owns the district\'s live stream (always, alone; with REDIS_URL, while it holds the lease)', registers: [registry] }),
    liveTakeovers: new Counter({ name: 'twin_live_takeovers_total', help: 'Times this process took the live stream over (REDIS_URL)', registers: [registry] }),
    refusedActions: new Counter({ name: 'twin_room_actions_refused_total', help: 'Room messages refused, by reason', labelNames: ['reason'], registers: [registry] }),
    logins: new Counter({ name: 'twin_logins_total', help: 'Logins by outcome (ok, wrong: unknown login or wrong password, disabled, throttled: refused with 429 before checking)', labelNames: ['outcome'], registers: [registry] }),
    authRefused: new Counter({ name: 'twin_auth_refused_total', help: 'Requests refused for who is asking: unauthenticated (401), forbidden (403: the role or scope does not allow it), bad_token (401: a token that is no one\'s), throttled (429: too many failures from this address or for this login), cross_site (403: a state change from another site), by surface (http, room)', labelNames: ['reason', 'surface'], registers: [registry] }),
    auditFailed: new Counter({ name: 'twin_audit_write_failures_total', help: 'Audit entries the disk refused (kept in memory and written with the next)', registers: [registry] }),
  };
  // Zero series up front, so a scrape shows every reason and level even before the first one happens.
  for (const reason of REJECT_REASONS) m.rejected.inc({ reason }, 0);
  for (const level of RESPONSE_LEVELS) { m.alarmsRaised.inc({ level }, 0); m.alarmsOpen.set({ level }, 0); }
  m.roomClients.set({ room: 'live' }, 0);
  m.roomClients.set({ room: 'drill' }, 0);
  for (const reason of ['duplicate', 'late']) m.dropped.inc({ reason }, 0);
  for (const what of ['connect', 'client_id', 'publish', 'subscribe', 'oversized', 'throttled']) m.brokerRefused.inc({ what }, 0);
  for (const reason of ['too_large', 'too_heavy', 'busy', 'rate_limited', 'unknown_reference', 'standby', 'server_rooms', 'not_found']) m.httpRefused.inc({ reason }, 0);
  for (const outcome of ['ok', 'wrong', 'disabled', 'throttled']) m.logins.inc({ outcome }, 0);
  for (const reason of ['unauthenticated', 'forbidden', 'bad_token', 'throttled', 'cross_site']) for (const surface of ['http', 'room']) m.authRefused.inc({ reason, surface }, 0);
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
