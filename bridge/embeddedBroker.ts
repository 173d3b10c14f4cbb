// The one-machine default: an aedes MQTT broker inside the twin's process, with the contract's ACL
// (brokerAcl.ts), device keys when DEVICE_KEYS is set, a reserved client id for the twin, and a
// packet size limit.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { mayPublish, maySubscribe, mqttGrantsOf, type AclScope, type ClientRole, type MqttGrant } from './brokerAcl';
import type { StaffRole } from '../twin-assets/permissions';
import { secretMatches, type DeviceKey } from './deviceKeys';

export interface EmbeddedBroker { url: string; port: number; close(): Promise<void> }

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly variable: string) {
    super(`port ${port} is already in use (${variable}); stop whatever holds it or choose another port`);
  }
}

export type BrokerRefusal = 'connect' | 'client_id' | 'publish' | 'subscribe' | 'oversized' | 'throttled';

export interface BrokerSecurity extends AclScope {
  /** DEVICE_KEYS by client id; null: anonymous clients are let in with the anonymous role. */
  keys: Map<string, DeviceKey> | null;
  /** The twin's own clients (its link, drills, emulators) log in with this. */
  internal: { username: string; password: string };
  /** Client ids nobody but the twin may take (a client with the same id would throw the twin off). */
  reserved(clientId: string): boolean;
  /** Staff logins: the machine credentials (`operator` / `trainer` with OPERATOR_TOKEN / TRAINER_TOKEN) and
   * people (their login, a personal token as password). Their roles, or null; what they may do comes from the
   * permission table (brokerAcl.ts). */
  staff(username: string, password: Buffer | undefined): StaffRole[] | null;
  /** Wrong logins per address: past the free ones, each further refusal waits longer. */
  throttle: { failed(key: string): number };
  maxPacketBytes: number;
  onRefused(what: BrokerRefusal, detail: string): void;
  /** Connected clients now, and subscriptions granted (for /metrics). */
  onClients?(connected: number): void;
  onSubscribed?(count: number): void;
}

/** The largest MQTT packet the embedded broker takes; a reading is well under 1 KiB, a CAP message a few. */
export const MAX_PACKET_BYTES = 256 * 1024;

type Authed = Client & { twinRole?: ClientRole; grants?: ReadonlySet<MqttGrant> };
const refusal = (code: number, message: string) => Object.assign(new Error(message), { returnCode: code });

export async function startEmbeddedBroker(port: number, host: string, security: BrokerSecurity): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ maxClientsIdLength: 128 });

  aedes.authenticate = (client: Authed, username, password, done) => {
    const found = roleOf(security, client.id, username, password);
    if (!found) {
      // Every login is checked, so a right key is never held up by someone else's guessing; a wrong one, past the
      // free failures of its address, is refused only after a wait that doubles with each: guessing gets slower.
      const address = String((client.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? '?');
      const delay = Math.min(security.throttle.failed(address), 5000);
      security.onRefused('connect', `client "${client.id}" refused: bad user name or key`);
      if (delay > 0) security.onRefused('throttled', `client "${client.id}" from ${address}: refused after ${delay / 1000} s (too many wrong logins)`);
      return void setTimeout(() => done(refusal(4, 'bad user name or password'), false), delay).unref();
    }
    const { role, grants } = found;
    if (role !== 'twin' && security.reserved(client.id)) {
      security.onRefused('client_id', `client id "${client.id}" is the twin's own`);
      return done(refusal(2, 'identifier rejected'), false);
    }
    client.twinRole = role;
    client.grants = grants;
    done(null, true);
  };
  aedes.authorizePublish = (client: Authed | null, packet, done) => {
    if (!client) return done(null); // a last will aedes already authorised at connect
    if (client.twinRole && mayPublish(client.twinRole, client.id, packet.topic, security, client.grants)) return done(null);
    security.onRefused('publish', `"${client.id}" may not publish ${packet.topic.slice(0, 120)}`);
    // MQTT 3.1.1 lets a broker acknowledge and drop (as Mosquitto does) rather than disconnect: the
    // packet goes to a '$' topic no one may subscribe to, with nothing left to retain.
    packet.topic = '$refused';
    packet.retain = false;
    packet.payload = Buffer.alloc(0);
    done(null);
  };
  aedes.authorizeSubscribe = (client: Authed, sub, done) => {
    if (client.twinRole && maySubscribe(client.twinRole, client.id, sub.topic, security, client.grants)) return done(null, sub);
    security.onRefused('subscribe', `"${client.id}" may not subscribe to ${sub.topic.slice(0, 120)}`);
    done(null, null); // refused in the SUBACK (0x80); the client stays
  };

  aedes.on('client', () => security.onClients?.(aedes.connectedClients));
  aedes.on('clientDisconnect', () => security.onClients?.(aedes.connectedClients));
  aedes.on('subscribe', (subs) => security.onSubscribed?.(subs.length));

  const server: Server = createServer({ noDelay: true }, (socket: Socket) => { // alarms must not wait on Nagle
    limitPacketSize(aedes.handle(socket) as unknown as ParsingClient, socket, security);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      aedes.close();
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, 'MQTT_PORT') : err);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      aedes.close(); // connected clients keep the server open; aedes.close ends them
    }),
  };
}

function roleOf(s: BrokerSecurity, clientId: string, username: string | undefined, password: Buffer | undefined): { role: ClientRole; grants?: ReadonlySet<MqttGrant> } | null {
  if (username === s.internal.username) return secretMatches(password, s.internal.password) ? { role: 'twin' } : null;
  const key = username === undefined ? undefined : s.keys?.get(username);
  if (key) return username === clientId && secretMatches(password, key.key) ? { role: key.role } : null;
  if (username === undefined) return s.keys ? null : { role: 'anonymous' };
  const roles = s.staff(username, password);
  return roles ? { role: 'staff', grants: mqttGrantsOf(roles) } : null;
}

/** aedes reads the socket into mqtt-packet's parser, which would buffer a packet of any declared size.
 * After each chunk, a packet declared larger than the limit ends the connection (counted): memory stays bounded. */
interface ParsingClient { id: string | null; _parser: { parse(buf: Buffer): unknown; packet?: { length?: number } } }
function limitPacketSize(client: ParsingClient, socket: Socket, security: BrokerSecurity): void {
  const parser = client._parser;
  const parse = parser.parse.bind(parser);
  parser.parse = (buf: Buffer) => {
    const declared = parser.packet?.length ?? -1;
    if (declared > security.maxPacketBytes) return oversized(declared);
    const left = parse(buf);
    const next = parser.packet?.length ?? -1;
    if (next > security.maxPacketBytes) return oversized(next);
    return left;
  };
  function oversized(bytes: number) {
    security.onRefused('oversized', `"${client.id ?? 'a client'}" sent a ${bytes}-byte packet (limit ${security.maxPacketBytes})`);
    socket.destroy();
    return 0;
  }
}
