// A real colyseus.js client in the live room, as a browser would join it: with a session cookie, or a
// token (a person's, or a machine credential) in the join options.
import { Client, type Room } from 'colyseus.js';
import { PROTOCOL_VERSION, type JoinOptions, type ServerMessage } from '../../twin-assets/protocol';

export interface LiveClient {
  room: Room;
  errors: Extract<ServerMessage, { type: 'error' }>[];
  welcome: Promise<Extract<ServerMessage, { type: 'welcome' }>>;
  alarmState(alarmId: string): string | undefined;
  deviceDisplay(deviceId: string): string | undefined;
  leave(): Promise<void>;
}

export async function joinLive(httpUrl: string, options: Partial<JoinOptions>, cookie?: string): Promise<LiveClient> {
  const client = new Client(httpUrl.replace(/^http/, 'ws').replace(/\/$/, ''));
  // In Node, colyseus.js's WebSocket takes headers through the client's http layer: the cookie goes there.
  if (cookie) client.http.headers = { ...client.http.headers, cookie };
  const room = await client.join('live', { protocol: PROTOCOL_VERSION, ...options });
  const errors: LiveClient['errors'] = [];
  room.onMessage('error', (m) => errors.push(m));
  const welcome = new Promise<Extract<ServerMessage, { type: 'welcome' }>>((resolve) => room.onMessage('welcome', resolve));
  // Registering a handler for every message the server may send keeps colyseus.js from warning.
  const state = () => room.state as { alarms: Map<string, { state: string }>; devices: Map<string, { display: string }> };
  return {
    room, errors, welcome,
    alarmState: (id) => state().alarms?.get(id)?.state,
    deviceDisplay: (id) => state().devices?.get(id)?.display,
    leave: async () => { await room.leave(); },
  };
}
