// The `live` room mirrors live alarms. Anyone may watch; acknowledging needs the operator token.
// Every message is checked here; a refused one gets an error message and the client stays.
import { Room, type Client, ServerError } from '@colyseus/core';
import { MSG, ROLES, type JoinOptions, type Role, type ServerMessage } from '../../twin-assets/protocol';
import type { LivePipeline } from '../livePipeline';
import { TASK_STATES, type TaskState } from '../core/dispatch';
import type { Metrics } from '../metrics';
import { tokenMatches } from '../tokens';
import { applyTwinEvents, writeSnapshot } from './liveStateSync';
import { messageGuard } from './messageGuard';
import { LiveState } from './schema/LiveState';

export interface LiveRoomDeps { pipeline: LivePipeline; operatorToken: string; metrics: Metrics }

interface Seat { role: Role; name: string; canAcknowledge: boolean }

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
    const { pipeline } = this.deps;
    this.setState(new LiveState());
    this.state.districtId = pipeline.index.district.id;
    writeSnapshot(this.state, pipeline.core);
    this.unsubscribe = pipeline.subscribe((events) => applyTwinEvents(this.state, events));

    const limited = messageGuard('live', this.deps.metrics);
    this.onMessage(MSG.ack, limited((client, message: unknown) => {
      const seat = client.userData as Seat;
      const alarmId = typeof message === 'object' && message !== null ? (message as { alarmId?: unknown }).alarmId : undefined;
      if (typeof alarmId !== 'string') return this.refuse(client, 'bad_message', 'ack needs {"alarmId": "<id>"}');
      if (!seat.canAcknowledge) return this.refuse(client, 'forbidden', 'only an operator (joined with the operator token) may acknowledge alarms');
      const result = pipeline.acknowledge(alarmId, `${seat.name} (${seat.role})`);
      if (!result.ok) this.refuse(client, result.code, result.message);
    }));
    this.onMessage(MSG.shelve, limited((client, message: unknown) => {
      const seat = client.userData as Seat;
      const m = (typeof message === 'object' && message !== null ? message : {}) as { alarmId?: unknown; minutes?: unknown; reason?: unknown };
      if (typeof m.alarmId !== 'string' || typeof m.minutes !== 'number' || !(m.minutes > 0 && m.minutes <= 480) || typeof m.reason !== 'string' || !m.reason.trim()) {
        return this.refuse(client, 'bad_message', 'shelve needs {"alarmId", "minutes" (1–480), "reason"}');
      }
      if (!seat.canAcknowledge) return this.refuse(client, 'forbidden', 'only an operator may shelve alarms');
      const result = pipeline.shelve(m.alarmId, `${seat.name} (${seat.role})`, m.minutes, m.reason.trim().slice(0, 200));
      if (!result.ok) this.refuse(client, result.code, result.message);
    }));
    // Dispatch: an operator moves a responder's task on (en route, on site, done, or cancelled).
    this.onMessage(MSG.task, limited((client, message: unknown) => {
      const seat = client.userData as Seat;
      const m = (typeof message === 'object' && message !== null ? message : {}) as { taskId?: unknown; state?: unknown };
      if (typeof m.taskId !== 'string' || typeof m.state !== 'string' || !(TASK_STATES as readonly string[]).includes(m.state)) {
        return this.refuse(client, 'bad_message', `task needs {"taskId", "state": ${TASK_STATES.join(' | ')}}`);
      }
      if (!seat.canAcknowledge) return this.refuse(client, 'forbidden', 'only an operator may dispatch');
      const result = pipeline.updateTask(m.taskId, m.state as TaskState, `${seat.name} (${seat.role})`);
      if (!result.ok) this.refuse(client, result.code, result.message);
    }));
    this.onMessage('*', limited((client, type) => this.refuse(client, 'unknown_message', `unknown message type "${String(type).slice(0, 40)}"`)));
  }

  override onAuth(_client: Client, options: Partial<JoinOptions> | undefined): Seat {
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
