// Every room message meets this before its handler: a per-client rate limit (a flood of messages from
// one player must not reach the drill, its journal or the event loop that serves live alarms). A refused
// message is counted, and the client is told at most once a second; it stays connected. Past its limit a
// client's socket is also paused until its allowance refills: flow control, so a flood waits in the
// sender's TCP buffers instead of costing the server a decode per message.
import { ServerError, type Client } from '@colyseus/core';
import { MESSAGE_SCHEMAS, MESSAGE_SHAPES, MSG, PROTOCOL_VERSION, type DecodedMessage, type ServerMessage } from '../../twin-assets/protocol';
import type { Clock } from '../clock';
import { RateLimiter } from '../http/rateLimit';
import type { Metrics } from '../metrics';

/** A person clicks a few times a second; a burst covers a quick series of actions. */
export const ROOM_MESSAGES = { burst: 20, perSecond: 5 };
/** Room messages are small; the WebSocket transport closes a connection that sends a larger frame. */
export const ROOM_MESSAGE_MAX_BYTES = 16 * 1024;

export function messageGuard(room: 'live' | 'drill', metrics: Metrics, clock: Clock = { now: () => Date.now() }) {
  const limiter = new RateLimiter(clock, ROOM_MESSAGES.burst, ROOM_MESSAGES.perSecond);
  const told = new Map<string, number>();
  return <M>(handler: (client: Client, message: M) => void) => (client: Client, message: M) => {
    if (limiter.take(client.sessionId)) return handler(client, message);
    metrics.roomMessagesRefused.inc({ room, reason: 'rate_limited' });
    pause(client, 1000 / ROOM_MESSAGES.perSecond);
    const now = clock.now();
    if ((told.get(client.sessionId) ?? 0) > now - 1000) return;
    if (told.size > 10_000) told.clear();
    told.set(client.sessionId, now);
    client.send(MSG.error, { type: 'error', code: 'rate_limited', message: `too many messages: at most ${ROOM_MESSAGES.perSecond} a second; the extra ones were ignored`, zh: `消息过多：每秒最多${ROOM_MESSAGES.perSecond}条，多余的已忽略` } satisfies ServerMessage);
  };
}

/** Stops reading a client's WebSocket for a while (ws's pause/resume), once. */
function pause(client: Client, ms: number): void {
  const ws = (client as unknown as { ref?: { pause?(): void; resume?(): void; isPaused?: boolean; readyState?: number } }).ref;
  if (!ws?.pause || ws.isPaused) return;
  ws.pause();
  setTimeout(() => { if (ws.readyState === 1) ws.resume!(); }, ms).unref();
}

/** A client built for another version of the protocol is refused at the door, with what to do about it. */
export function checkProtocol(options: { protocol?: unknown } | undefined): void {
  const got = options?.protocol;
  if (got === PROTOCOL_VERSION) return;
  throw new ServerError(400, `this client speaks protocol ${got === undefined ? '(none)' : String(got).slice(0, 10)}, the server ${PROTOCOL_VERSION}: reload the page (or update the client) and join again`);
}

/** A room message decoded by its schema in the protocol module, or the shape it needs when it is not that. */
export function decodeMessage<K extends keyof typeof MESSAGE_SCHEMAS>(type: K, message: unknown): { ok: true; m: DecodedMessage<K> } | { ok: false; needs: string } {
  const r = MESSAGE_SCHEMAS[type].safeParse(message);
  return r.success ? { ok: true, m: r.data as DecodedMessage<K> } : { ok: false, needs: MESSAGE_SHAPES[type] };
}
