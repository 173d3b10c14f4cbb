// A page printed to PDF by Chromium (Debian's package; CHROMIUM_PATH to use another): the AAR/IP's PDF is its report
// page as a browser prints it. Chromium runs as its own process (never on the alarm path's loop), one print at a
// time, each in a throwaway profile and folder, killed past its time.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export class PdfPrinter {
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  /** `fontsDir`: the client build's fonts (/fonts/ on the site), which a page printed from a file finds there. */
  constructor(private readonly opts: { timeoutMs?: number; maxWaiting?: number; fontsDir?: string } = {}) {}

  /** Why no PDF can be printed here, or null. */
  unavailable(): string | null {
    return existsSync(chromiumPath()) ? null : `a PDF is printed by Chromium, which this server does not have (${chromiumPath()}): install Debian's "chromium", or set CHROMIUM_PATH; the .docx and the page need nothing`;
  }

  /** The PDF's bytes; null when too many prints already wait (say 503). */
  print(html: string): Promise<Buffer> | null {
    if (this.waiting >= (this.opts.maxWaiting ?? 4)) return null;
    this.waiting++;
    const job = this.queue.then(() => this.printNow(html)).finally(() => { this.waiting--; });
    this.queue = job.catch(() => {});
    return job;
  }

  private printNow(html: string): Promise<Buffer> {
    const dir = mkdtempSync(join(tmpdir(), 'street-twin-pdf-'));
    const page = join(dir, 'page.html'), out = join(dir, 'page.pdf');
    const fonts = this.opts.fontsDir && existsSync(this.opts.fontsDir) ? pathToFileURL(this.opts.fontsDir).href : null;
    writeFileSync(page, fonts ? html.replaceAll('href="/fonts/', `href="${fonts}/`) : html);
    return new Promise<Buffer>((resolve, reject) => {
      const child = spawn(chromiumPath(), ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${out}`, `file://${page}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => { if (err.length < 4000) err += d.toString(); });
      const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.timeoutMs ?? 60_000);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (existsSync(out) && code === 0) resolve(readFileSync(out));
        else reject(new Error(`Chromium could not print the page (exit ${code}): ${err.split('\n').find((l) => /error/i.test(l))?.slice(0, 200) ?? 'no reason given'}`));
      });
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
  }
}
