// The `live` room mirrors live alarms. Anyone may watch; acknowledging needs the operator token.
// Every message is checked here; a refused one gets an error message and the client stays.
import { Room, type Client, ServerError } from '@colyseus/core';
import { MSG, ROLES, type DecodedMessage, type JoinOptions, type Role, type ServerMessage } from '../../twin-assets/protocol';
import type { LivePipeline } from '../livePipeline';
import type { TaskState } from '../core/dispatch';
import type { Metrics } from '../metrics';
import { tokenMatches } from '../tokens';
import { applyTwinEvents, writeSnapshot } from './liveStateSync';
import { checkProtocol, decodeMessage, messageGuard } from './messageGuard';
import { LiveState } from './schema/LiveState';

export interface LiveRoomDeps {
  /** The live pipeline as it is when the room is created (it changes when the live stream moves here). */
  pipeline: () => LivePipeline;
  /** True while another process owns the live stream (REDIS_URL): no live room here then. */
  standby: () => boolean;
  operatorToken: string; metrics: Metrics;
}

interface Seat { role: Role; name: string; canAcknowledge: boolean }
type ActionOutcomeLike = { ok: true } | { ok: false; code: string; message: string };

const NAME = /^[^\u0000-\u001f]{1,40}$/;
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

  override onCreate(): void {
    if (this.deps.standby()) throw new ServerError(503, 'the live twin runs on another process now');
    const pipeline = this.deps.pipeline();
    this.setState(new LiveState());
    this.state.districtId = pipeline.index.district.id;
    writeSnapshot(this.state, pipeline.core, pipeline.reports.list());
    this.unsubscribe = pipeline.subscribe((events) => applyTwinEvents(this.state, events));

    const limited = messageGuard('live', this.deps.metrics);
    // Decoded once, here, by the protocol module's schema; an operator's seat is checked before anything is done.
    const operator = <K extends 'ack' | 'shelve' | 'task'>(type: K, what: string, handler: (seat: Seat, m: DecodedMessage<K>) => ActionOutcomeLike) =>
      limited((client: Client, message: unknown) => {
        const seat = client.userData as Seat;
        const d = decodeMessage(type, message);
        if (!d.ok) return this.refuse(client, 'bad_message', d.needs);
        if (!seat.canAcknowledge) return this.refuse(client, 'forbidden', `only an operator (joined with the operator token) may ${what}`);
        const result = handler(seat, d.m);
        if (!result.ok) this.refuse(client, result.code, result.message);
      });
    const by = (seat: Seat) => `${seat.name} (${seat.role})`;
    this.onMessage(MSG.ack, operator('ack', 'acknowledge alarms', (seat, m) => pipeline.acknowledge(m.alarmId, by(seat))));
    this.onMessage(MSG.shelve, operator('shelve', 'shelve alarms', (seat, m) => pipeline.shelve(m.alarmId, by(seat), m.minutes, m.reason)));
    this.onMessage(MSG.task, operator('task', 'dispatch', (seat, m) => pipeline.updateTask(m.taskId, m.state as TaskState, by(seat))));
    this.onMessage('*', limited((client, type) => this.refuse(client, 'unknown_message', `unknown message type "${String(type).slice(0, 40)}"`)));
  }

  override onAuth(_client: Client, options: Partial<JoinOptions> | undefined): Seat {
    checkProtocol(options);
    const role = options?.role ?? 'observer';
    if (!ROLES.includes(role)) throw new ServerError(400, `unknown role "${String(role)}"; one of ${ROLES.join(', ')}`);
    const name = options?.name ?? role;
    if (typeof name !== 'string' || !NAME.test(name)) throw new ServerError(400, 'name must be 1–40 printable characters');
    const operator = tokenMatches(options?.token, this.deps.operatorToken);
    if (options?.token !== undefined && !operator) throw new ServerError(401, 'the operator token is not valid');
    // Operators' seats are kept: a crowd of watchers never locks the people who acknowledge out.
    if (!operator && this.clients.filter((c) => !(c.userData as Seat | undefined)?.canAcknowledge).length >= this.maxClients - OPERATOR_SEATS) {
      throw new ServerError(503, `the live room is full (${this.maxClients - OPERATOR_SEATS} watchers); operators' seats are kept`);
    }
    return { role, name, canAcknowledge: operator && role !== 'observer' };
  }

  override onJoin(client: Client, _options: unknown, seat: Seat): void {
    client.userData = seat;
    this.deps.metrics.roomClients.set({ room: 'live' }, this.clients.length);
    client.send(MSG.welcome, { type: 'welcome', role: seat.role, canAcknowledge: seat.canAcknowledge } satisfies ServerMessage);
  }

  override onLeave(): void {
    this.deps.metrics.roomClients.set({ room: 'live' }, this.clients.length);
  }

  override onDispose(): void {
    this.unsubscribe?.();
  }

  private refuse(client: Client, code: string, message: string): void {
    this.deps.metrics.refusedActions.inc({ reason: code });
    client.send(MSG.error, { type: 'error', code, message } satisfies ServerMessage);
  }
}
