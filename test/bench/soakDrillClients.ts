// The soak's 50 drill clients, in a process of their own: a trainer starts the drill at 10×, the field roles
// walk or drive to somewhere new every few seconds and act now and then, until the time is up.
//   node --import tsx test/bench/soakDrillClients.ts <httpUrl> <trainerToken> <roomId> <seconds>
import { Client, type Room } from 'colyseus.js';
import { PROTOCOL_VERSION, type Role } from '../../twin-assets/protocol';
import { seededRng } from '../../twin-assets/random';
import { MIX } from './drillClients';

const [http, trainerToken, roomId, seconds] = process.argv.slice(2) as [string, string, string, string];
const district = await (await fetch(`${http}api/district`)).json() as { streets: { nodes: { x: number; y: number }[] } };
const xs = district.streets.nodes.map((n) => n.x), ys = district.streets.nodes.map((n) => n.y);
const endpoint = http.replace(/^http/, 'ws').replace(/\/$/, '');
const clients: { room: Room; role: Role; bytes: number }[] = [];
for (const [role, n] of MIX) {
  for (let i = 0; i < n; i++) {
    const room = await new Client(endpoint).joinById(roomId, { protocol: PROTOCOL_VERSION, role, name: `${role}-${i}`, ...(role === 'trainer' ? { token: trainerToken } : {}) });
    const entry = { room, role, bytes: 0 };
    (room.connection.transport as unknown as { ws: { on(e: 'message', f: (d: ArrayBuffer | Buffer) => void): void } }).ws.on('message', (d) => { entry.bytes += d.byteLength; });
    for (const type of ['welcome', 'error', 'done', 'notice']) room.onMessage(type, () => {});
    clients.push(entry);
  }
}
const trainer = clients.find((c) => c.role === 'trainer')!.room;
trainer.send('control', { cmd: 'start' });
trainer.send('control', { cmd: 'speed', speed: 10 });
const rng = seededRng(7);
const field = clients.filter((c) => c.role !== 'trainer' && c.role !== 'observer');
const span = (v: number[]) => [Math.min(...v), Math.max(...v) - Math.min(...v)] as const;
const [x0, dx] = span(xs), [y0, dy] = span(ys);
const moving = setInterval(() => {
  for (const c of field) {
    if (rng() < 0.3) c.room.send('move', { x: x0 + rng() * dx, y: y0 + rng() * dy });
    if (rng() < 0.1) c.room.send('act', { action: c.role === 'medic' ? 'first_aid' : c.role === 'firefighter' ? 'deploy_pump' : 'evacuate' });
  }
}, 1000);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
clearInterval(moving);
const elapsedS = (performance.now() - t0) / 1000;
const connected = clients.filter((c) => c.room.connection.isOpen).length;
for (const c of clients) await c.room.leave().catch(() => {});
console.log(JSON.stringify({ clients: clients.length, stillConnected: connected, bytesPerClientPerSecond: Math.round(clients.reduce((s, c) => s + c.bytes, 0) / clients.length / elapsedS) }));
process.exit(0);
