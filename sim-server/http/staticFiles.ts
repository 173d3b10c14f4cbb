// Serves the built client. Unknown paths without a file extension get index.html (client routes).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
  '.ico': 'image/x-icon', '.glb': 'model/gltf-binary', '.woff2': 'font/woff2', '.map': 'application/json',
};

export function staticFiles(root: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // Browsers ask for /favicon.ico on their own: the site's icon is an SVG (the build puts it at /favicon.svg).
    if (path === '/favicon.ico') path = '/favicon.svg';
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return false;
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) { file = join(file, 'index.html'); info = await stat(file).catch(() => null); }
    if (!info && extname(path) === '') { file = join(root, 'index.html'); info = await stat(file).catch(() => null); }
    if (!info?.isFile()) return false;
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') { res.end(); return true; }
    createReadStream(file).pipe(res);
    return true;
  };
}
