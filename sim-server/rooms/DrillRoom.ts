// A `drill` room: one per running drill, created by the server. Who joins is a person (session or token), a
// machine credential, or a guest with the drill's join code; one seat per person (a rejoin takes the same
// figure), guests capped, the trainer's seat only for those the table lets run drills. It checks each
// message's shape and the sender's seat, hands it to the drill session (whose incident kernel decides), and
// copies the world into the replicated state. A refused message gets an error message and the client stays.
import { randomBytes } from 'node:crypto';
import { Room, ServerError, type AuthContext, type Client } from '@colyseus/core';
import { actionLabel } from '../../scenarios/actions';
import { CONTROL_LABELS } from '../../twin-assets/labels';
import { EVALUATOR_SEAT, MSG, ROLES, type Actor, type MESSAGE_SCHEMAS, type DecodedMessage, type DrillInject, type JoinOptions, type Seat as SeatRole, type ServerMessage } from '../../twin-assets/protocol';
import type { DrillSession, Outcome } from '../drill/drillSession';
import { actionsFor } from '../drill/roleActions';
import type { Metrics } from '../metrics';
import type { People } from '../people/people';
import { Throttle } from '../people/throttle';
import { normalCode } from '../drill/drills';
import { SEAT_RESERVATION_S, serverCreated } from './serverRooms';
import { applyTwinEvents, writeSnapshot } from './liveStateSync';
import { checkProtocol, decodeMessage, messageGuard } from './messageGuard';
import { CasualtyView, DrillState, HazardViewState, PlayerView } from './schema/DrillState';

export interface DrillRoomDeps {
  drill(drillId: string): DrillSession | undefined; metrics: Metrics; onDisposed(drillId: string): void;
  people: People;
  /** The drill's guest join code. */
  code(drillId: string): string | undefined;
  /** Guests one drill takes (each keeps a seat and a figure until the drill ends). */
  maxGuests: number;
  /** A drill not running with nobody in it is withdrawn after this long (so forgotten drills free their place). */
  idleMs: number;
  /** A running drill with nobody in it pauses after this long (by default the seats' time to come back). */
  emptyPauseMs?: number;
}
/** A client's place in the drill: a player's (their figure in the kernel) or the evaluator's (`playerId`
 * `evaluator:<account>`, nothing in the kernel or the players' state). */
interface Seat { playerId: string; role: SeatRole; name: string; who?: string }

const NAME = /^[^\u0000-\u001f]{1,40}$/;
const TICK_MS = 100;
const TIMELINE_KEPT = 40;
/** A client cut off comes back to its seat within this. */
export const RECONNECT_S = 30;

export function drillRoomFor(deps: DrillRoomDeps) {
  return class BoundDrillRoom extends DrillRoom { override deps = deps; };
}

type Msg = Record<string, unknown>;
/** A message of the wrong shape comes from a program, not a person: the same words in both languages. */
const malformed = (en: string): Outcome => ({ ok: false, reason: { en, zh: en } });

export class DrillRoom extends Room<DrillState> {
  deps!: DrillRoomDeps;
  override maxClients = 100;
  override autoDispose = false;
  private session!: DrillSession;
  private unlisten: (() => void) | null = null;
  private timelineSent = 0;
  /** What the evaluators were last sent (proposals and ratings), to send again only when it changes. */
  private evaluationSent = '';
  private idleMs = 0;
  /** How long a running drill has had nobody in it (real time). */
  private emptyMs = 0;

  /** Wrong join codes from one address: past ten, each try waits longer. */
  private readonly codeTries = new Throttle({ now: () => Date.now() }, { freeFailures: 10 });
  /** Who sits in each player's seat now: a person joining again takes it over from their older connection. */
  private readonly seated = new Map<string, Client>();

  override onCreate(options: { drillId?: string }): void {
    serverCreated(options);
    this.setSeatReservationTime(SEAT_RESERVATION_S);
    const session = options?.drillId ? this.deps.drill(options.drillId) : undefined;
    if (!session) throw new ServerError(404, `no drill "${String(options?.drillId)}"`);
    this.session = session;
    this.setState(new DrillState());
    const s = this.state;
    s.mode = 'drill';
    s.districtId = session.pipeline.index.district.id;
    s.drillId = session.drillId;
    s.scenarioId = session.scenario.id;
    s.title = JSON.stringify(session.scenario.title);
    s.briefing = JSON.stringify(session.scenario.briefing);
    s.injects = JSON.stringify(session.scenario.injects.map((i) => ({ id: i.id, text: i.text })));
    s.retest = JSON.stringify(session.retest.map(({ task, text, ownerName, due }) => ({ task, text, ownerName, due })));
    s.simEpoch = session.epoch;
    writeSnapshot(s, session.pipeline.core);
    this.unlisten = session.listen({
      twin: (events) => applyTwinEvents(this.state, events),
      notice: (to, from, text, zh) => {
        for (const c of this.clients) {
          const seat = c.userData as Seat | undefined;
          if (seat && (to === 'all' || seat.role === to || seat.role === 'trainer' || seat.role === EVALUATOR_SEAT)) c.send(MSG.notice, { type: 'notice', from, text, ...(zh ? { zh } : {}) } satisfies ServerMessage);
        }
      },
    });
    this.sync();
    this.setSimulationInterval((dt) => this.tick(dt), TICK_MS);

    const limited = messageGuard('drill', this.deps.metrics);
    // Each message is decoded once, here, by its schema in the protocol module; a malformed one is refused with the shape it needs.
    const decoded = <K extends keyof typeof MESSAGE_SCHEMAS>(type: K, handler: (client: Client, m: DecodedMessage<K>, raw: Msg) => void) =>
      limited((client: Client, message: unknown) => {
        const d = decodeMessage(type, message);
        if (!d.ok) return this.refuse(client, 'bad_message', d.needs);
        handler(client, d.m, message as Msg);
      });
    const player = <K extends keyof typeof MESSAGE_SCHEMAS>(type: K, handler: (seat: Seat, m: DecodedMessage<K>) => Outcome) =>
      decoded(type, (client, m, raw) => this.answer(client, handler(client.userData as Seat, m), String(raw.action ?? raw.type ?? '').slice(0, 40)));
    const trainer = <K extends keyof typeof MESSAGE_SCHEMAS>(type: K, handler: (by: string, m: DecodedMessage<K>) => Outcome) =>
      decoded(type, (client, m, raw) => {
        const seat = client.userData as Seat;
        if (seat.role !== 'trainer') return this.refuse(client, 'forbidden', 'only the trainer runs the drill');
        this.answer(client, handler(`${seat.name} (trainer)`, m), String(raw.cmd ?? raw.kind ?? raw.id ?? 'say').slice(0, 40));
      });

    this.onMessage(MSG.move, player('move', (seat, m) => session.move(seat.playerId, m.x, m.y)));
    this.onMessage(MSG.act, player('act', (seat, m) => session.act(seat.playerId, m.action, { ...(m.text !== undefined ? { text: m.text } : {}), ...(m.householdId !== undefined ? { householdId: m.householdId } : {}) })));
    this.onMessage(MSG.ack, limited((client: Client, message: unknown) => this.answer(client, session.act((client.userData as Seat).playerId, 'acknowledge'), String((message as Msg | null)?.type ?? '').slice(0, 40))));
    this.onMessage(MSG.task, player('task', (seat, m) => m.state === 'en_route' || m.state === 'done' ? session.task(seat.playerId, m.taskId, m.state)
      : malformed('in a drill a responder accepts a task ("state": "en_route") or reports it done ("done")')));
    this.onMessage(MSG.control, trainer('control', (by, m) => session.control(by, m)));
    this.onMessage(MSG.inject, trainer('inject', (by, m) => session.inject(by, m as DrillInject)));
    this.onMessage(MSG.say, trainer('say', (by, m) => session.say(by, m.to, m.text)));
    this.onMessage(MSG.rate, decoded('rate', (client, m) => {
      const seat = client.userData as Seat;
      if (seat.role !== EVALUATOR_SEAT) return this.refuse(client, 'forbidden', 'only the evaluator rates the drill', '只有评估员可以评分');
      this.answer(client, session.rate({ id: seat.who!, name: seat.name } satisfies Actor, m.task, m.rating, m.note), 'rate');
      this.evaluate();
    }));
    this.onMessage('*', limited((client, type) => this.refuse(client, 'unknown_message', `unknown message type "${String(type).slice(0, 40)}"`)));
  }

  override async onAuth(_client: Client, options: Partial<JoinOptions> | undefined, context: AuthContext): Promise<Omit<Seat, 'playerId'>> {
    checkProtocol(options);
    const role = options?.role ?? 'observer';
    if (!ROLES.includes(role as never) && role !== EVALUATOR_SEAT) throw new ServerError(400, `unknown role "${String(role)}"; one of ${ROLES.join(', ')}, ${EVALUATOR_SEAT}`);
    const address = String(context.ip ?? '?');
    const identified = await this.deps.people.identifyJoin(options?.token, context.headers?.cookie as string | undefined, address);
    if (!identified.ok) throw new ServerError(identified.status, identified.error);
    const who = identified.principal;
    const refuse = (status: number, reason: 'unauthenticated' | 'forbidden' | 'throttled', message: string): never => {
      this.deps.metrics.authRefused.inc({ reason, surface: 'room' });
      throw new ServerError(status, message);
    };
    if (role === 'trainer' && !this.deps.people.access.anywhere(who, 'drills.run')) refuse(who.kind === 'anonymous' ? 401 : 403, who.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'the trainer\'s seat is for a trainer logged in');
    if (role === EVALUATOR_SEAT && (who.kind !== 'person' || !this.deps.people.access.anywhere(who, 'drills.evaluate'))) refuse(who.kind === 'anonymous' ? 401 : 403, who.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'the evaluator\'s seat is for an evaluator logged in');
    if (this.session.incident.over && role !== 'observer' && role !== 'trainer' && role !== EVALUATOR_SEAT) throw new ServerError(409, 'the drill is over: open its report instead');
    let name: string, seatOf: string | undefined;
    if (who.kind === 'person') { name = who.name; seatOf = who.id; }
    else {
      name = options?.name ?? role;
      if (typeof name !== 'string' || !NAME.test(name)) throw new ServerError(400, 'name must be 1–40 printable characters');
      if (who.kind === 'anonymous') {
        // A guest: the drill's join code, while the drill has not ended, and only so many.
        const wait = this.codeTries.waitMs(address);
        if (wait > 0) refuse(429, 'throttled', `too many wrong join codes: wait ${Math.ceil(wait / 1000)} s`);
        const code = this.deps.code(this.session.drillId);
        if (typeof options?.code !== 'string' || !code || normalCode(options.code) !== code) {
          if (typeof options?.code === 'string') this.codeTries.failed(address);
          refuse(401, 'unauthenticated', options?.code ? 'that is not this drill\'s join code: ask the trainer' : 'log in, or join as a guest with the drill\'s join code from the trainer');
        }
        if (this.session.incident.over) throw new ServerError(409, 'the drill is over: its join code has ended');
        // A guest who comes back under the same name and role takes their seat again: a new page, a restarted server,
        // or a socket cut that this server has not noticed yet (its seat still looks taken; the old page is let go,
        // as a person's is). Name and role are a guest's identity in a drill: never two figures of one person.
        const guests = [...this.session.players.values()].filter((p) => p.who?.startsWith('guest:'));
        const back = guests.find((p) => p.name === name && p.role === role);
        if (!back && guests.length >= this.deps.maxGuests) throw new ServerError(503, `the drill already has ${this.deps.maxGuests} guests: ask the trainer, or log in`);
        seatOf = back?.who ?? `guest:${randomBytes(9).toString('base64url')}`;
      }
    }
    // The trainer's seat is kept: a crowd of observers never locks the trainer out of the drill.
    if (role !== 'trainer' && this.clients.filter((c) => (c.userData as Seat | undefined)?.role !== 'trainer').length >= this.maxClients - 1) {
      throw new ServerError(503, `the drill is full (${this.maxClients - 1} players); the trainer's seat is kept`);
    }
    return { role, name, ...(seatOf ? { who: seatOf } : {}) };
  }

  override onJoin(client: Client, _options: unknown, auth: Omit<Seat, 'playerId'>): void {
    // The evaluator is not a player: no figure, nothing in the kernel or in the state the players see.
    const player = auth.role === EVALUATOR_SEAT ? { id: `${EVALUATOR_SEAT}:${auth.who}`, role: auth.role } : this.session.join(auth.role, auth.name, auth.who);
    // One seat per person: their seat, with the role it was taken with; an older connection of theirs is let go.
    const seat: Seat = { ...auth, playerId: player.id, role: player.role };
    const before = this.seated.get(player.id);
    this.seated.set(player.id, client);
    if (before && before !== client) { before.userData = undefined; before.leave(4001, 'you joined this drill again from another page'); this.deps.metrics.roomClients.dec({ room: 'drill' }); }
    client.userData = seat;
    this.deps.metrics.roomClients.inc({ room: 'drill' });
    this.sync();
    const actions = seat.role === EVALUATOR_SEAT ? [] : actionsFor(seat.role);
    client.send(MSG.welcome, { type: 'welcome', role: seat.role, canAcknowledge: actions.includes('acknowledge'), playerId: player.id, actions } satisfies ServerMessage);
    if (seat.role === EVALUATOR_SEAT) { this.evaluationSent = ''; this.evaluate(); }
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const seat = client.userData as Seat | undefined;
    if (!seat) return; // refused before it was seated, or its seat taken over by the same person's new page
    this.deps.metrics.roomClients.dec({ room: 'drill' });
    const gone = () => {
      // The room went while this page was away: the drill is closed, its kernel freed.
      if (this.seated.get(seat.playerId) !== client || this.session.closed) return;
      this.seated.delete(seat.playerId);
      if (seat.role === EVALUATOR_SEAT) return;
      // Before the drill begins a player who goes leaves nothing behind; once it runs, their figure stays, away.
      if (this.session.status === 'lobby' || this.session.status === 'briefing') this.session.leave(seat.playerId);
      else this.session.setConnected(seat.playerId, false);
      this.sync();
    };
    if (consented) return gone();
    const player = seat.role !== EVALUATOR_SEAT;
    if (player) this.session.setConnected(seat.playerId, false);
    try {
      const back = await this.allowReconnection(client, RECONNECT_S);
      if (this.session.closed) return;
      this.seated.set(seat.playerId, back);
      if (player) this.session.setConnected(seat.playerId, true);
      else { this.evaluationSent = ''; this.evaluate(); }
      this.deps.metrics.roomClients.inc({ room: 'drill' });
    } catch { gone(); }
  }

  override onDispose(): void {
    this.unlisten?.();
    this.deps.onDisposed(this.session.drillId);
  }

  private tick(dtMs: number): void {
    const stop = this.deps.metrics.drillTickSeconds.startTimer();
    const idle = this.clients.length === 0 && ['lobby', 'briefing', 'paused'].includes(this.session.status);
    this.idleMs = idle ? this.idleMs + dtMs : 0;
    if (this.idleMs > this.deps.idleMs) { this.session.abandon(); this.idleMs = 0; }
    // A running drill that everyone has left (the trainer closed the tab) pauses, once their seats' time to come back
    // has passed: it does not run on at 10× for nobody. The trainer resumes it.
    this.emptyMs = this.clients.length === 0 && this.session.status === 'running' ? this.emptyMs + dtMs : 0;
    if (this.emptyMs > (this.deps.emptyPauseMs ?? RECONNECT_S * 1000)) { this.session.control('server (nobody left in the drill)', { cmd: 'pause' }); this.emptyMs = 0; }
    this.session.advance(dtMs);
    this.sync();
    stop();
  }

  /** Copies the session's clock, players, casualties, hazards, timeline and objectives into the state. */
  private sync(): void {
    const s = this.state, session = this.session;
    s.status = session.status;
    s.speed = session.speed;
    s.simS = session.simS;
    s.phase = session.run.phase;
    const places = new Map(session.avatars.snapshot().map((a) => [a.id, a]));
    for (const p of session.players.values()) {
      const view = s.players.get(p.id) ?? new PlayerView();
      view.id = p.id; view.name = p.name; view.role = p.role; view.connected = p.connected; view.carriesAed = p.carriesAed;
      const at = places.get(p.id);
      if (at) {
        view.hasPlace = true;
        if (Math.abs(view.x - at.x) > 0.05 || Math.abs(view.y - at.y) > 0.05) { view.x = at.x; view.y = at.y; }
        view.moving = at.moving;
      }
      if (!s.players.has(p.id)) s.players.set(p.id, view);
    }
    for (const c of session.casualties.values()) {
      const view = s.casualties.get(c.id) ?? new CasualtyView();
      view.id = c.id; view.x = c.x; view.y = c.y; view.text = c.text; view.treated = c.treated;
      if (!s.casualties.has(c.id)) s.casualties.set(c.id, view);
    }
    for (const h of session.run.hazardViews()) {
      const view = s.hazards.get(h.id) ?? new HazardViewState();
      const fields = view as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(h)) if (fields[k] !== v) fields[k] = v;
      if (!s.hazards.has(h.id)) s.hazards.set(h.id, view);
    }
    const timeline = session.run.timeline;
    if (timeline.length !== this.timelineSent) {
      for (const e of timeline.slice(Math.max(this.timelineSent, timeline.length - TIMELINE_KEPT))) s.timeline.push(JSON.stringify([e.tS, e.kind, e.zh, e.text]));
      while (s.timeline.length > TIMELINE_KEPT) s.timeline.shift();
      this.timelineSent = timeline.length;
      const objectives = JSON.stringify({ objectives: session.run.objectives(), score: session.run.score(), firstAlarmS: session.run.firstAlarmS });
      // The evaluators' proposals are made of exactly this (objectives done, the first alarm): sent when it changes.
      if (objectives !== s.objectives) { s.objectives = objectives; this.evaluate(); }
    }
    if (session.incident.over && !this.autoDispose) {
      this.autoDispose = true; // empties out, then goes
      if (this.clients.length === 0) void this.disconnect();
    }
  }

  /** The evaluators' picture: each task's proposed rating from the evidence so far and the ratings given, sent to
   * them alone when it changes (never in the state the players see). */
  private evaluate(): void {
    const evaluators = this.clients.filter((c) => (c.userData as Seat | undefined)?.role === EVALUATOR_SEAT);
    if (evaluators.length === 0 || this.session.closed) return;
    const message: ServerMessage = { type: 'evaluation', proposals: this.session.proposals().map(({ task, rating, evidence }) => ({ task, rating, evidence })), ratings: [...this.session.ratings] };
    const json = JSON.stringify(message);
    if (json === this.evaluationSent) return;
    this.evaluationSent = json;
    for (const c of evaluators) c.send(MSG.evaluation, message);
  }

  private answer(client: Client, outcome: Outcome, what: string): void {
    // `what` is a responder's action, or a trainer's control (start, pause …) or inject.
    const seat = client.userData as Seat;
    const view = this.state.players.get(seat.playerId);
    const said = outcome.ok ? outcome.outcome : outcome.reason;
    if (view && what) {
      view.lastAction = `${what}: ${outcome.ok ? '' : 'refused: '}${said.en}`.slice(0, 160);
      view.lastActionZh = `${CONTROL_LABELS[what]?.zh ?? actionLabel(what).zh}：${outcome.ok ? '' : '被拒绝：'}${said.zh}`.slice(0, 160);
    }
    if (outcome.ok) client.send(MSG.done, { type: 'done', action: what, outcome: said.en, zh: said.zh } satisfies ServerMessage);
    else this.refuse(client, 'refused', said.en, said.zh);
  }

  private refuse(client: Client, code: string, message: string, zh?: string): void {
    this.deps.metrics.refusedActions.inc({ reason: code });
    client.send(MSG.error, { type: 'error', code, message, ...(zh ? { zh } : {}) } satisfies ServerMessage);
  }
}
