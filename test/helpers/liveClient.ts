// A real colyseus.js client in the live room, as a browser would join it.
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

export async function joinLive(httpUrl: string, options: Partial<JoinOptions>): Promise<LiveClient> {
  const client = new Client(httpUrl.replace(/^http/, 'ws').replace(/\/$/, ''));
  const room = await client.joinOrCreate('live', { protocol: PROTOCOL_VERSION, ...options });
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
