// Real colyseus.js clients in a drill room, and a way to move a drill's simulated time on faster than
// its room's own tick (the same session.advance the tick calls), yielding so MQTT round trips finish.
import { Client, type Room } from 'colyseus.js';
import { PROTOCOL_VERSION, type JoinOptions, type ServerMessage } from '../../twin-assets/protocol';
import type { DrillSession } from '../../sim-server/drill/drillSession';
import { TRAINER_TOKEN } from './twin';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export interface DrillClient {
  room: Room;
  client: Client;
  errors: Of<'error'>[];
  done: Of<'done'>[];
  notices: Of<'notice'>[];
  /** What the evaluator's seat was sent: proposals and ratings. */
  evaluations: Of<'evaluation'>[];
  welcome: Promise<Of<'welcome'>>;
  send(type: string, message: Record<string, unknown>): void;
  /** Sends and waits for the answer: `done` or `error`. */
  ask(type: string, message: Record<string, unknown>): Promise<Of<'done'> | Of<'error'>>;
  me(): { x: number; y: number; connected: boolean; carriesAed: boolean } | undefined;
  state(): any;
}

export function wsUrl(httpUrl: string): string { return httpUrl.replace(/^http/, 'ws').replace(/\/$/, ''); }

export function wrap(room: Room, client: Client): DrillClient {
  const errors: Of<'error'>[] = [], done: Of<'done'>[] = [], notices: Of<'notice'>[] = [], evaluations: Of<'evaluation'>[] = [];
  const answers: ((m: Of<'done'> | Of<'error'>) => void)[] = [];
  let playerId = '';
  const welcome = new Promise<Of<'welcome'>>((resolve) => room.onMessage('welcome', (m: Of<'welcome'>) => { playerId = m.playerId ?? ''; resolve(m); }));
  room.onMessage('error', (m: Of<'error'>) => { errors.push(m); answers.shift()?.(m); });
  room.onMessage('done', (m: Of<'done'>) => { done.push(m); answers.shift()?.(m); });
  room.onMessage('notice', (m: Of<'notice'>) => notices.push(m));
  room.onMessage('evaluation', (m: Of<'evaluation'>) => evaluations.push(m));
  return {
    room, client, errors, done, notices, evaluations, welcome,
    send: (type, message) => room.send(type, message),
    ask: (type, message) => new Promise((resolve) => { answers.push(resolve); room.send(type, message); }),
    me: () => (room.state as any)?.players?.get(playerId)?.toJSON(),
    state: () => (room.state as any).toJSON(),
  };
}

/** Each drill's guest join code, as POST /api/drills answered it (or the trainer's list of drills shows it). */
const codes = new Map<string, string>();
async function codeOf(httpUrl: string, roomId: string): Promise<string | undefined> {
  const list = await (await fetch(`${httpUrl}api/drills`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as { roomId: string | null; code?: string }[];
  return list.find((d) => d.roomId === roomId)?.code;
}

/** Joins a drill: with a session cookie as that person; else the trainer with the trainer's machine credential, and anyone else, unless the options say who
 * they are (a person's token, a code), as a guest with the drill's join code. */
export async function joinDrill(httpUrl: string, roomId: string, options: Partial<JoinOptions>, cookie?: string): Promise<DrillClient> {
  const client = new Client(wsUrl(httpUrl), cookie ? { headers: { cookie } } : undefined);
  const guest = options.role !== 'trainer' && options.token === undefined && !cookie ? { code: codes.get(roomId) ?? await codeOf(httpUrl, roomId) } : {};
  const room = await client.joinById(roomId, { protocol: PROTOCOL_VERSION, ...(options.role === 'trainer' && !cookie ? { token: TRAINER_TOKEN } : {}), ...guest, ...options });
  const c = wrap(room, client);
  await c.welcome;
  return c;
}

export async function createDrill(httpUrl: string, scenarioId: string, seed = 1, team?: string): Promise<{ drillId: string; roomId: string; code: string }> {
  const res = await fetch(`${httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId, seed, ...(team ? { team } : {}) }) });
  if (res.status !== 201) throw new Error(`POST /api/drills: ${res.status} ${await res.text()}`);
  const created = await res.json() as { drillId: string; roomId: string; code: string };
  codes.set(created.roomId, created.code);
  return created;
}

/** Let the room's patches and the clients' messages through now and then. */
const yieldToIo = (s: number) => new Promise((r) => (s % 5 === 0 ? setTimeout(r, 2) : setImmediate(r)));

/** Simulated seconds on, one at a time, until `until()` holds (or `maxS` pass); returns the seconds taken. */
export async function fastForward(session: DrillSession, maxS: number, until?: () => boolean): Promise<number> {
  for (let s = 0; s < maxS; s++) {
    if (until?.()) return s;
    if (session.status !== 'running') throw new Error(`the drill is ${session.status}`);
    session.advance(1000 / session.speed);
    await yieldToIo(s);
  }
  if (until && !until()) throw new Error(`not reached within ${maxS} simulated seconds`);
  return maxS;
}
