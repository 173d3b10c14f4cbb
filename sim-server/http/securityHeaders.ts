// Headers every answer carries: the page may load only this twin's own scripts, styles, fonts and images and
// talk only to it; no other site may frame it (clickjacking a console that acknowledges alarms); no address
// leaks in a Referer; and, over TLS, browsers keep to HTTPS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:",
  "connect-src 'self' ws: wss:", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Over TLS: the socket's own, or (behind TRUSTED_PROXIES) the proxy's word for it. */
export const overTls = (req: IncomingMessage) => Boolean((req.socket as TLSSocket).encrypted) || req.headers['x-forwarded-proto'] === 'https';

export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (overTls(req)) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
