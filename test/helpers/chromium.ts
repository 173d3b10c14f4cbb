import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page whose clicks and waits allow for a busy machine (software WebGL on two shared cores). */
export async function newPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await browser.newPage(options);
  page.setDefaultTimeout(90_000);
  return page;
}

/** Opens the client and waits until the 3D scene is drawing (frames counted, markers and movers probed; the planner draws no device markers).
 * `session`: a session cookie ("twin_session=…", helpers/people.ts) the page carries, as after logging in. */
export async function openTwinPage(browser: Browser, url: string, locale = 'zh-CN', timeout = 90_000, session?: string): Promise<Page> {
  const page = await newPage(browser, { viewport: { width: 1280, height: 760 }, locale });
  if (session) await withSession(page, url, session);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await sceneDrawing(page, timeout, errors);
  return page;
}

/** Opens a drill as a guest, as someone without an account does: the page asks for the trainer's join code and a name. */
export async function openAsGuest(browser: Browser, url: string, code: string, name: string, locale = 'zh-CN', timeout = 90_000): Promise<Page> {
  const page = await newPage(browser, { viewport: { width: 1280, height: 760 }, locale });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByTestId('guest-code').fill(code);
  await page.getByTestId('guest-name').fill(name);
  await page.getByTestId('guest-join').click();
  await sceneDrawing(page, timeout, errors);
  return page;
}

async function sceneDrawing(page: Page, timeout: number, errors: string[]): Promise<void> {
  await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 5 && (window.__twin?.markers || location.search.includes('planner')) && window.__twin?.movers, null, { timeout })
    .catch((e) => { throw new Error(`the scene did not start: ${errors.join('; ') || (e as Error).message}`); });
}

/** The page carries this session cookie ("twin_session=…") for the twin at `url`, as after logging in. */
export async function withSession(page: Page, url: string, session: string): Promise<void> {
  const [name, value] = session.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: new URL(url).origin, httpOnly: true, sameSite: 'Strict' }]);
}
