// 50 real colyseus.js clients in one drill: a trainer, commanders, grid workers, firefighters, medics
// and observers, the field roles walking or driving about and acting. Measures the room's simulation
// tick and its state patches on the server, and the bytes each client receives per second.
import { matchMaker } from '@colyseus/core';
import { Client, type Room } from 'colyseus.js';
import type { RunningTwin } from '../../sim-server/app';
import { PROTOCOL_VERSION, type Role } from '../../twin-assets/protocol';
import { seededRng } from '../../twin-assets/random';
import { summary } from './stats';

const MIX: [Role, number][] = [['trainer', 1], ['commander', 5], ['grid_worker', 15], ['firefighter', 10], ['medic', 10], ['observer', 9]];

export interface DrillClient { room: Room; role: Role; bytes: number }

/** The mix of 50 joined to one drill, each counting the bytes it receives: the trainer with the trainer's machine
 * credential, the others as guests with the drill's join code (MAX_GUESTS must allow 49). */
export async function joinMix(httpUrl: string, roomId: string, trainerToken: string, code: string): Promise<DrillClient[]> {
  const endpoint = httpUrl.replace(/^http/, 'ws').replace(/\/$/, '');
  const clients: DrillClient[] = [];
  for (const [role, n] of MIX) {
    for (let i = 0; i < n; i++) {
      const r = await new Client(endpoint).joinById(roomId, { protocol: PROTOCOL_VERSION, role, name: `${role}-${i}`, ...(role === 'trainer' ? { token: trainerToken } : { code }) });
      const entry = { room: r, role, bytes: 0 };
      (r.connection.transport as unknown as { ws: { on(e: 'message', f: (d: ArrayBuffer | Buffer) => void): void } }).ws.on('message', (d) => { entry.bytes += d.byteLength; });
      for (const type of ['welcome', 'error', 'done', 'notice']) r.onMessage(type, () => {});
      clients.push(entry);
    }
  }
  return clients;
}

/** Field players head somewhere new every few seconds and try an action now and then; clear the interval to stop. */
export function moveAbout(clients: DrillClient[], nodes: { x: number; y: number }[]): NodeJS.Timeout {
  const rng = seededRng(7);
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [x0, dx] = [Math.min(...xs), Math.max(...xs) - Math.min(...xs)], [y0, dy] = [Math.min(...ys), Math.max(...ys) - Math.min(...ys)];
  const field = clients.filter((c) => c.role !== 'trainer' && c.role !== 'observer');
  return setInterval(() => {
    for (const c of field) {
      if (rng() < 0.3) c.room.send('move', { x: x0 + rng() * dx, y: y0 + rng() * dy });
      if (rng() < 0.1) c.room.send('act', { action: c.role === 'medic' ? 'first_aid' : c.role === 'firefighter' ? 'deploy_pump' : 'evacuate' });
    }
  }, 1000);
}

/** `scenarioId`: the drill run (the storm by default; the stairwell smoke steps a building's multizone model each tick). */
export async function benchDrillClients(twin: RunningTwin, trainerToken: string, seconds: number, scenarioId = 'flood-underpass') {
  const res = await fetch(`${twin.httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${trainerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId, seed: 1 }) });
  const { roomId, code } = await res.json() as { roomId: string; code: string };
  const room = matchMaker.getLocalRoomById(roomId) as unknown as { tick(dt: number): void; broadcastPatch(): boolean };
  const ticks: number[] = [], patches: number[] = [];
  const tick = room.tick.bind(room), patch = room.broadcastPatch.bind(room);
  room.tick = (dt) => { const t = performance.now(); tick(dt); ticks.push(performance.now() - t); };
  room.broadcastPatch = () => { const t = performance.now(); const r = patch(); patches.push(performance.now() - t); return r; };

  const clients = await joinMix(twin.httpUrl, roomId, trainerToken, code);
  const trainer = clients.find((c) => c.role === 'trainer')!.room;
  trainer.send('control', { cmd: 'start' });
  trainer.send('control', { cmd: 'speed', speed: 10 });
  // The first running ticks compile the scenario's code paths (100–170 ms once): measured after a warm-up.
  await new Promise((r) => setTimeout(r, 2000));
  for (const c of clients) c.bytes = 0;
  ticks.length = 0; patches.length = 0;

  const d = twin.loaded.district;
  const moving = moveAbout(clients, d.streets.nodes);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsedS = (performance.now() - t0) / 1000;
  clearInterval(moving);
  const perClient = clients.map((c) => c.bytes / elapsedS);
  const byRole = Object.fromEntries(MIX.map(([role]) => [role, Math.round(clients.filter((c) => c.role === role).reduce((s, c) => s + c.bytes, 0) / clients.filter((c) => c.role === role).length / elapsedS)]));
  for (const c of clients) await c.room.leave();
  return {
    scenarioId, clients: clients.length, seconds: Math.round(elapsedS), speed: 10,
    tickMs: summary(ticks), patchMs: summary(patches),
    bytesPerClientPerS: { mean: Math.round(perClient.reduce((s, v) => s + v, 0) / perClient.length), ...summary(perClient), byRole },
  };
}
