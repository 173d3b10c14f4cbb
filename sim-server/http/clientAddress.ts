// Who is asking, for the per-address limits: the socket's peer, or, when that peer is a reverse proxy named in
// TRUSTED_PROXIES, the address the proxy saw (the last X-Forwarded-For entry: the one it wrote itself).
// Behind nginx without this, every resident would share the proxy's address and its report allowance.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** "10.0.0.0/8,127.0.0.1" → a list to check peers against; a reason when an entry is neither an address nor a subnet. */
export function parseTrustedProxies(text: string): BlockList | string {
  const list = new BlockList();
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    const prefix = bits === undefined ? null : Number(bits);
    if (!family || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))) return `"${entry}" is not an IP address or subnet (10.0.0.0/8)`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === null) list.addAddress(address, type); else list.addSubnet(address, prefix, type);
  }
  return list;
}

const resolved = new WeakMap<IncomingMessage, string>();

/** Called once per request by the request guard. */
export function resolveClientAddress(req: IncomingMessage, trusted: BlockList | null): string {
  const peer = (req.socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
  let address = peer;
  if (trusted && trusted.check(peer, isIP(peer) === 6 ? 'ipv6' : 'ipv4')) {
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter((s) => isIP(s));
    address = hops.at(-1) ?? peer;
  }
  resolved.set(req, address);
  return address;
}

export const clientAddress = (req: IncomingMessage): string => resolved.get(req) ?? (req.socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
