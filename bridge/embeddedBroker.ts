// The one-machine default: an aedes MQTT broker inside the twin's process, with the contract's ACL
// (brokerAcl.ts), device keys when DEVICE_KEYS is set, a reserved client id for the twin, and a
// packet size limit.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { mayPublish, maySubscribe, type AclScope, type ClientRole } from './brokerAcl';
import { secretMatches, type DeviceKey } from './deviceKeys';

export interface EmbeddedBroker { url: string; port: number; close(): Promise<void> }

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly variable: string) {
    super(`port ${port} is already in use (${variable}); stop whatever holds it or choose another port`);
  }
}

export type BrokerRefusal = 'connect' | 'client_id' | 'publish' | 'subscribe' | 'oversized';

export interface BrokerSecurity extends AclScope {
  /** DEVICE_KEYS by client id; null: anonymous clients are let in with the anonymous role. */
  keys: Map<string, DeviceKey> | null;
  /** The twin's own clients (its link, drills, emulators) log in with this. */
  internal: { username: string; password: string };
  /** Client ids nobody but the twin may take (a client with the same id would throw the twin off). */
  reserved(clientId: string): boolean;
  /** User names `operator` and `trainer` with their tokens: read access to the whole tree (record, replay). */
  tokens: { operator: string; trainer: string };
  maxPacketBytes: number;
  onRefused(what: BrokerRefusal, detail: string): void;
  /** Connected clients now, and subscriptions granted (for /metrics). */
  onClients?(connected: number): void;
  onSubscribed?(count: number): void;
}

/** The largest MQTT packet the embedded broker takes; a reading is well under 1 KiB, a CAP message a few. */
export const MAX_PACKET_BYTES = 256 * 1024;

type Authed = Client & { twinRole?: ClientRole };
const refusal = (code: number, message: string) => Object.assign(new Error(message), { returnCode: code });

export async function startEmbeddedBroker(port: number, host: string, security: BrokerSecurity): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ maxClientsIdLength: 128 });

  aedes.authenticate = (client: Authed, username, password, done) => {
    const role = roleOf(security, client.id, username, password);
    if (!role) { security.onRefused('connect', `client "${client.id}" refused: bad user name or key`); return done(refusal(4, 'bad user name or password'), false); }
    if (role !== 'twin' && security.reserved(client.id)) {
      security.onRefused('client_id', `client id "${client.id}" is the twin's own`);
      return done(refusal(2, 'identifier rejected'), false);
    }
    client.twinRole = role;
    done(null, true);
  };
  aedes.authorizePublish = (client: Authed | null, packet, done) => {
    if (!client) return done(null); // a last will aedes already authorised at connect
    if (client.twinRole && mayPublish(client.twinRole, client.id, packet.topic, security)) return done(null);
    security.onRefused('publish', `"${client.id}" may not publish ${packet.topic.slice(0, 120)}`);
    // MQTT 3.1.1 lets a broker acknowledge and drop (as Mosquitto does) rather than disconnect: the
    // packet goes to a '$' topic no one may subscribe to, with nothing left to retain.
    packet.topic = '$refused';
    packet.retain = false;
    packet.payload = Buffer.alloc(0);
    done(null);
  };
  aedes.authorizeSubscribe = (client: Authed, sub, done) => {
    if (client.twinRole && maySubscribe(client.twinRole, client.id, sub.topic, security)) return done(null, sub);
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

function roleOf(s: BrokerSecurity, clientId: string, username: string | undefined, password: Buffer | undefined): ClientRole | null {
  if (username === s.internal.username) return secretMatches(password, s.internal.password) ? 'twin' : null;
  if (username === 'operator' || username === 'trainer') return secretMatches(password, s.tokens[username]) ? username : null;
  if (!s.keys) return username === undefined ? 'anonymous' : null;
  const key = username === undefined ? undefined : s.keys.get(username);
  return key && username === clientId && secretMatches(password, key.key) ? key.role : null;
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
