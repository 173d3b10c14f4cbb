// The soak's 50 drill clients, in a process of their own: a trainer starts the drill at 10×, the field roles
// walk or drive to somewhere new every few seconds and act now and then, until the time is up.
//   node --import tsx test/bench/soakDrillClients.ts <httpUrl> <trainerToken> <roomId> <seconds> <join code>
import { joinMix, moveAbout } from './drillClients';

const [http, trainerToken, roomId, seconds, code] = process.argv.slice(2) as [string, string, string, string, string];
const district = await (await fetch(`${http}api/district`)).json() as { streets: { nodes: { x: number; y: number }[] } };
const clients = await joinMix(http, roomId, trainerToken, code);
const trainer = clients.find((c) => c.role === 'trainer')!.room;
trainer.send('control', { cmd: 'start' });
trainer.send('control', { cmd: 'speed', speed: 10 });
const moving = moveAbout(clients, district.streets.nodes);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
clearInterval(moving);
const elapsedS = (performance.now() - t0) / 1000;
const connected = clients.filter((c) => c.room.connection.isOpen).length;
for (const c of clients) await c.room.leave().catch(() => {});
console.log(JSON.stringify({ clients: clients.length, stillConnected: connected, bytesPerClientPerSecond: Math.round(clients.reduce((s, c) => s + c.bytes, 0) / clients.length / elapsedS) }));
process.exit(0);
