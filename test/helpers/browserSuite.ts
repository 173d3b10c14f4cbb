// The set-up a browser test file shares: a twin and a Chromium, started before its tests, stopped after.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CLIENT_DIST, type RunningTwin } from '../../sim-server/app';
import { launchChromium } from './chromium';

/** A twin and a Chromium for a browser test file: started before its tests, stopped after. */
export function twinAndBrowser(start: () => Promise<RunningTwin>): { twin: RunningTwin; browser: Browser } {
  const ctx = {} as { twin: RunningTwin; browser: Browser };
  beforeAll(async () => {
    if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run "npm run build" (npm test does it)');
    ctx.twin = await start();
    ctx.browser = await launchChromium();
  });
  afterAll(async () => { await ctx.browser?.close(); await ctx.twin?.stop(); });
  return ctx;
}
