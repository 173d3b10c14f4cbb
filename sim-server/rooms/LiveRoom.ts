// The `live` room mirrors live alarms to staff. Joining needs a session (the WebSocket's cookie) or a token
// (personal, or a machine credential); each client sees the alarms, devices, tasks and reports of its scope
// (a StateView per client), and may do what the permission table grants it there. Every message is checked
// here; a refused one gets an error message and the client stays.
import { Room, type Client, ServerError, type AuthContext } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { MSG, type DecodedMessage, type JoinOptions, type ServerMessage } from '../../twin-assets/protocol';
import type { Action } from '../../twin-assets/permissions';
import { deviceCourtyard } from '../../twin-assets/districtIndex';
import type { LivePipeline } from '../livePipeline';
import type { TaskState } from '../core/dispatch';
import type { TwinEvent } from '../core/twinCore';
import type { Metrics } from '../metrics';
import { People } from '../people/people';
import { actorOf, type Principal } from '../people/principal';
import { applyTwinEvents, writeSnapshot } from './liveStateSync';
import { checkProtocol, decodeMessage, messageGuard } from './messageGuard';
import { SEAT_RESERVATION_S, serverCreated } from './serverRooms';
import { LiveState } from './schema/LiveState';

export interface LiveRoomDeps {
  /** The live pipeline as it is when the room is created (it changes when the live stream moves here). */
  pipeline: () => LivePipeline;
  /** True while another process owns the live stream (REDIS_URL): no live room here then. */
  standby: () => boolean;
  metrics: Metrics;
  people: People;
}

interface Seat { who: Exclude<Principal, { kind: 'anonymous' }>; address: string }
type ActionOutcomeLike = { ok: true; recorded?: Promise<boolean> } | { ok: false; code: string; message: string };

const OPERATOR_SEATS = 10;

/** A room class bound to this server's pipeline (Colyseus instantiates rooms itself). */
export function liveRoomFor(deps: LiveRoomDeps) {
  return class BoundLiveRoom extends LiveRoom { override deps = deps; };
}

export class LiveRoom extends Room<LiveState> {
  deps!: LiveRoomDeps;
  override maxClients = 500;
  override autoDispose = false;
  private unsubscribe: (() => void) | null = null;
  /** Items already shown to the clients whose scope covers them; a new one is added to their views. */
  private readonly revealed = new WeakSet<object>();

  override onCreate(options: unknown): void {
    serverCreated(options);
    this.setSeatReservationTime(SEAT_RESERVATION_S);
    if (this.deps.standby()) throw new ServerError(503, 'the live twin runs on another process now');
    const pipeline = this.deps.pipeline();
    this.setState(new LiveState());
    this.state.districtId = pipeline.index.district.id;
    writeSnapshot(this.state, pipeline.core, pipeline.desks.reports.list());
    for (const map of this.scopedMaps()) for (const item of map.values()) this.revealed.add(item);
    this.unsubscribe = pipeline.announcer.subscribe((events) => { applyTwinEvents(this.state, events); this.revealNew(events); });

    const limited = messageGuard('live', this.deps.metrics);
    const access = this.deps.people.access;
    // Decoded once, here, by the protocol module's schema; the sender's grant is checked where the thing is.
    const acting = <K extends 'ack' | 'shelve' | 'task'>(type: K, action: Action, handler: (seat: Seat, m: DecodedMessage<K>) => { outcome: ActionOutcomeLike; target: string } | null, place: (m: DecodedMessage<K>) => { courtyardId: string | null | undefined } | null) =>
      limited((client: Client, message: unknown) => {
        const seat = client.userData as Seat;
        const d = decodeMessage(type, message);
        if (!d.ok) return this.refuse(client, 'bad_message', d.needs);
        if (!access.at(seat.who, action, place(d.m))) {
          this.deps.metrics.authRefused.inc({ reason: 'forbidden', surface: 'room' });
          return this.refuse(client, 'forbidden', access.anywhere(seat.who, action) ? `${seat.who.name} may not do this here: it is outside their community or courtyards` : `${seat.who.name} may not ${action === 'alarms.ack' ? 'acknowledge alarms' : action === 'alarms.shelve' ? 'shelve alarms' : 'move dispatch tasks on'} (roles: ${seat.who.roles.join(', ')})`);
        }
        const done = handler(seat, d.m);
        if (!done) return;
        const { outcome, target } = done;
        const record = (ok: boolean, reason?: string) => this.deps.people.record({ action, by: People.auditBy(seat.who), target, outcome: ok ? 'ok' : 'refused', address: seat.address, detail: { via: 'live room', ...(reason ? { reason } : {}) } });
        if (!outcome.ok) { void record(false, outcome.message); this.refuse(client, outcome.code, outcome.message); return; }
        void (outcome.recorded ?? Promise.resolve(true)).then((ok) => record(ok));
      });
    const alarmPlace = (alarmId: string) => pipeline.core.alarms.stored(alarmId)?.alarm.location ?? null;
    this.onMessage(MSG.ack, acting('ack', 'alarms.ack', (seat, m) => ({ outcome: pipeline.desks.acknowledge(m.alarmId, actorOf(seat.who)), target: m.alarmId }), (m) => alarmPlace(m.alarmId)));
    this.onMessage(MSG.shelve, acting('shelve', 'alarms.shelve', (seat, m) => ({ outcome: pipeline.desks.shelve(m.alarmId, actorOf(seat.who), m.minutes, m.reason), target: m.alarmId }), (m) => alarmPlace(m.alarmId)));
    this.onMessage(MSG.task, acting('task', 'tasks.update', (seat, m) => ({ outcome: pipeline.desks.updateTask(m.taskId, m.state as TaskState, actorOf(seat.who)), target: m.taskId }),
      (m) => { const t = pipeline.core.dispatch.get(m.taskId); return t ? alarmPlace(t.alarmId) : null; }));
    this.onMessage('*', limited((client, type) => this.refuse(client, 'unknown_message', `unknown message type "${String(type).slice(0, 40)}"`)));
  }

  override async onAuth(_client: Client, options: Partial<JoinOptions> | undefined, context: AuthContext): Promise<Seat> {
    checkProtocol(options);
    const address = String(context.ip ?? '?');
    const identified = await this.deps.people.identifyJoin(options?.token, context.headers?.cookie as string | undefined, address);
    if (!identified.ok) throw new ServerError(identified.status, identified.error);
    const who = identified.principal;
    const access = this.deps.people.access;
    if (who.kind === 'anonymous') {
      this.deps.metrics.authRefused.inc({ reason: 'unauthenticated', surface: 'room' });
      throw new ServerError(401, 'log in first: the live twin is for staff (the public alarm feed is GET /api/alarms, or MQTT alarm/# and cap)');
    }
    if (!access.anywhere(who, 'live.watch')) {
      this.deps.metrics.authRefused.inc({ reason: 'forbidden', surface: 'room' });
      throw new ServerError(403, `${who.name} may not watch the live twin`);
    }
    // Seats of those who acknowledge are kept: a crowd of watchers never locks them out.
    const acknowledges = access.anywhere(who, 'alarms.ack');
    if (!acknowledges && this.clients.filter((c) => !access.anywhere((c.userData as Seat).who, 'alarms.ack')).length >= this.maxClients - OPERATOR_SEATS) {
      throw new ServerError(503, `the live room is full (${this.maxClients - OPERATOR_SEATS} watchers); operators' seats are kept`);
    }
    return { who, address };
  }

  override onJoin(client: Client, _options: unknown, seat: Seat): void {
    client.userData = seat;
    client.view = new StateView();
    for (const map of this.scopedMaps()) for (const item of map.values()) if (this.visibleTo(seat, item)) client.view.add(item as never);
    this.deps.metrics.roomClients.set({ room: 'live' }, this.clients.length);
    const canAcknowledge = this.deps.people.access.anywhere(seat.who, 'alarms.ack');
    client.send(MSG.welcome, { type: 'welcome', role: canAcknowledge ? 'commander' : 'observer', canAcknowledge } satisfies ServerMessage);
  }

  override onLeave(): void {
    this.deps.metrics.roomClients.set({ room: 'live' }, this.clients.length);
  }

  override onDispose(): void {
    this.unsubscribe?.();
  }

  /** The courtyard an item of the state is in: an alarm's or report's own, a task's alarm's, a device's. */
  private courtyardOf(item: object): string | null {
    const s = this.state;
    if ('alarmId' in item) return s.alarms.get((item as { alarmId: string }).alarmId)?.courtyardId || null;
    if ('courtyardId' in item) return (item as { courtyardId: string }).courtyardId || null;
    const index = this.deps.pipeline().index;
    const device = index.devices.get((item as { id: string }).id);
    return device ? deviceCourtyard(index, device) : null;
  }

  private visibleTo(seat: Seat, item: object): boolean {
    const action: Action = 'category' in item ? 'reports.read' : 'alarms.read';
    return this.deps.people.access.at(seat.who, action, { courtyardId: this.courtyardOf(item) });
  }

  private scopedMaps(): Map<string, object>[] {
    return [this.state.alarms, this.state.tasks, this.state.reports, this.state.devices] as unknown as Map<string, object>[];
  }

  /** Items the events put into the state for the first time are added to the views of the clients whose scope covers them. */
  private revealNew(events: TwinEvent[]): void {
    const s = this.state;
    for (const e of events) {
      const item = e.kind === 'alarm' ? s.alarms.get(e.alarm.id) : e.kind === 'task' ? s.tasks.get(e.task.id) : e.kind === 'report' ? s.reports.get(e.report.id) : e.kind === 'device' ? s.devices.get(e.deviceId) : undefined;
      if (!item || this.revealed.has(item)) continue;
      this.revealed.add(item);
      for (const c of this.clients) if (c.view && this.visibleTo(c.userData as Seat, item)) c.view.add(item);
    }
  }

  private refuse(client: Client, code: string, message: string): void {
    this.deps.metrics.refusedActions.inc({ reason: code });
    client.send(MSG.error, { type: 'error', code, message } satisfies ServerMessage);
  }
}
