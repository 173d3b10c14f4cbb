// The hostile load, in a process of its own: 8 validations of hostile scenario files at a time, and one
// drill participant sending room messages as fast as the socket takes them. Runs for <seconds>, then
// prints one JSON line of what it did.
//   node --import tsx test/bench/hostileLoad.ts <httpUrl> <trainerToken> <seconds>
import { Client } from 'colyseus.js';
import { PROTOCOL_VERSION } from '../../twin-assets/protocol';
import { HOSTILE } from '../helpers/hostileInputs';

const [httpUrl, trainerToken, seconds] = process.argv.slice(2);
const until = Date.now() + Number(seconds) * 1000;
const files = [HOSTILE.flowNesting, HOSTILE.blockNesting, HOSTILE.aliasBomb, HOSTILE.manyAliases];
const statuses: Record<string, number> = {};

const created = await (await fetch(`${httpUrl}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${trainerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen' }) })).json() as { roomId: string };
const client = new Client(httpUrl!.replace(/^http/, 'ws').replace(/\/$/, ''));
const trainer = await client.joinById(created.roomId, { protocol: PROTOCOL_VERSION, role: 'trainer', name: 'bench', token: trainerToken });
trainer.send('control', { cmd: 'start' });
const flooder = await client.joinById(created.roomId, { protocol: PROTOCOL_VERSION, role: 'grid_worker', name: '刘芳' });
let floodSent = 0;
const flood = (async () => {
  while (Date.now() < until) {
    for (let i = 0; i < 200; i++) { flooder.send('act', { action: 'report_hazard', text: `flood ${floodSent++}` }); }
    await new Promise((r) => setImmediate(r));
  }
})();
const validators = Array.from({ length: 8 }, async (_, k) => {
  for (let i = k; Date.now() < until; i++) {
    const r = await fetch(`${httpUrl}api/scenarios/validate`, { method: 'POST', headers: { authorization: `Bearer ${trainerToken}` }, body: files[i % files.length] }).catch(() => null);
    const key = String(r?.status ?? 'error');
    statuses[key] = (statuses[key] ?? 0) + 1;
    await r?.arrayBuffer();
  }
});
await Promise.all([flood, ...validators]);
console.log(JSON.stringify({ floodSent, validations: statuses }));
process.exit(0);
