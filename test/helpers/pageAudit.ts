// What a newcomer trips over on a page, found the way a person would see it (issue 34): a glyph drawn as the
// missing-glyph box, text cut off or broken inside a word, a box squashed too low to read, two labels over each other, a disabled control that looks
// enabled, something that looks clickable and does nothing, a raw id or an English domain word on a Chinese page, a console error or a failed request. Each finding is
// one line naming the page, the kind and the text, so a failure says what to fix.
import type { Page } from 'playwright-core';

export type Lang = 'zh' | 'en';

/** Words of the domain a zh-CN page must never show in English (ids and codes are caught by their shape). */
export const ENGLISH_DOMAIN_WORDS = ['detect', 'acknowledge', 'dispatch', 'arrive', 'resolve', 'resolved', 'phase', 'dormant', 'incident', 'scripted',
  'trainer', 'commander', 'observer', 'firefighter', 'medic', 'running', 'paused', 'briefing', 'debrief', 'lobby', 'optimal', 'feasible', 'refused',
  'waiting', 'fired', 'alarm', 'state', 'done', 'open', 'closed', 'shelved', 'gas', 'fire', 'smoke', 'flood', 'level', 'score'];

/** A raw id or code: gas-a1-301, kitchen-leak, active_unacked, gas_lel, ALARM_RAISED (not 1-301, a flat's number). */
export const RAW_ID = /\b[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;
const NOT_RAW = /^(?:[a-z]{1,3}-\d|utf-8)/;

/** What a Chinese text shows that a person should never read there: raw ids and codes, English words of the domain.
 * The pages' audit, CAP's description and the AAR are all checked by it. */
export function rawWordsIn(text: string): string[] {
  const found: string[] = [];
  const id = new RegExp(RAW_ID.source, 'g');
  for (const m of text.matchAll(id)) if (!NOT_RAW.test(m[0])) found.push(`raw id "${m[0]}"`);
  const words = new Set(ENGLISH_DOMAIN_WORDS);
  for (const w of text.match(/\b[A-Za-z]{3,}\b/g) ?? []) if (words.has(w.toLowerCase())) found.push(`English "${w}"`);
  return found;
}

/** Console errors and failed requests of a page from now on (a login page's 401 on /api/session is how it asks, not a failure). */
export function watchPage(page: Page): string[] {
  const seen: string[] = [];
  // (A failed request also logs "Failed to load resource": it is reported once, below, with its address.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) seen.push(`console error: ${m.text().slice(0, 200)}`); });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message.slice(0, 200)}`));
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (r.status() >= 400 && !(r.status() === 401 && url.pathname === '/api/session')) seen.push(`HTTP ${r.status()} ${url.pathname}`);
  });
  return seen;
}

/** Everything wrong with the page as it stands now. */
export async function auditPage(page: Page, lang: Lang): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(async ({ lang, englishWords, rawId, notRaw }) => {
    const found: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05;
    };
    /** Text a person reads (not a code editor's, a login name or token the person typed: `data-raw`). */
    const raw = (el: Element | null) => !!el?.closest('textarea, input, code, pre, [data-raw], script, style, .uplot .u-legend th');
    const texts: { node: Text; el: Element }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el && n.textContent!.trim() && visible(el) && !el.closest('script, style')) texts.push({ node: n as Text, el });
    }
    const where = (el: Element) => {
      const id = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}${id ? ` in [${id}]` : ''}`;
    };

    // 1. Missing glyphs: each character other than ASCII drawn in its element's font, against a character no font has.
    const canvas = document.createElement('canvas');
    canvas.width = 40; canvas.height = 40;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (font: string, ch: string) => {
      ctx.clearRect(0, 0, 40, 40); ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top'; ctx.fillText(ch, 2, 2);
      return Array.from(ctx.getImageData(0, 0, 40, 40).data.filter((_, i) => i % 4 === 3)).join(',');
    };
    const byFont = new Map<string, { chars: Set<string>; el: Element }>();
    const add = (el: Element, text: string) => {
      const s = getComputedStyle(el);
      const font = `${s.fontWeight} 24px ${s.fontFamily}`;
      const entry = byFont.get(font) ?? { chars: new Set<string>(), el };
      for (const ch of text) if (ch.codePointAt(0)! > 0x2000 && !/\s/.test(ch)) entry.chars.add(ch);
      byFont.set(font, entry);
    };
    for (const { node, el } of texts) add(el, node.textContent!);
    for (const el of document.querySelectorAll('textarea, input')) if (visible(el)) add(el, (el as HTMLInputElement).value + ((el as HTMLInputElement).placeholder ?? ''));
    // A list's choices are drawn in its own font when it opens ("从此开始"): every option counts.
    for (const el of document.querySelectorAll('select')) if (visible(el)) add(el, [...(el as HTMLSelectElement).options].map((o) => o.text).join(''));
    // Served or not: Chinese drawn only because this machine happens to have a CJK font is boxes on one that has none.
    const faces = [...(document.fonts as unknown as Iterable<FontFace>)];
    const inRange = (range: string, cp: number) => range.split(',').some((part) => {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h.replace(/\?/g, '0'), 16));
      return cp >= a! && cp <= (b ?? (part.includes('?') ? parseInt(part.trim().slice(2).replace(/\?/g, 'f'), 16) : a!));
    });
    for (const [font, { chars, el }] of byFont) {
      const families = getComputedStyle(el).fontFamily.split(',').map((f) => f.trim().replace(/^["']|["']$/g, ''));
      const unserved = [...chars].filter((ch) => { const cp = ch.codePointAt(0)!; return cp >= 0x2e80 && cp < 0x1f000 && !faces.some((f) => families.includes(f.family.replace(/^["']|["']$/g, '')) && inRange(f.unicodeRange, cp)); });
      if (unserved.length) found.push(`no served font for ${unserved.slice(0, 12).join('')} (${unserved.length}) in ${where(el)}: boxes where no CJK font is installed (${font.slice(0, 60)})`);
    }
    for (const [font, { chars, el }] of byFont) {
      const text = [...chars].join('');
      if (!text) continue;
      await document.fonts.load(font, text).catch(() => {});
      const box = draw(font, '\u{10FFFD}');
      const boxes = [...chars].filter((ch) => draw(font, ch) === box);
      if (boxes.length) found.push(`missing glyphs ${boxes.slice(0, 12).join('')} (${boxes.length}) in ${where(el)}, font ${font.slice(0, 60)}`);
    }

    // 2. Cut off: text wider than a box that hides or clips it, anything past the window's right edge, a short word broken over two lines.
    for (const { node, el } of texts) {
      const s = getComputedStyle(el);
      if (['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1) found.push(`cut off: "${el.textContent!.trim().slice(0, 40)}" (${where(el)})`);
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1 && !el.closest('[data-scrolls]') && getComputedStyle(el).position !== 'fixed') {
        let scroller = el.parentElement, inScroll = false;
        for (; scroller; scroller = scroller.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX) && scroller.scrollWidth > scroller.clientWidth) { inScroll = true; break; }
        if (!inScroll) found.push(`past the right edge: "${node.textContent!.trim().slice(0, 40)}" (${where(el)})`);
      }
      const word = node.textContent!.trim();
      if (word.length >= 2 && word.length <= 8 && !/\s/.test(word)) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (lines.size > 1) found.push(`broken over ${lines.size} lines: "${word}" (${where(el)})`);
      }
    }

    // 2b. Squashed: a scrolling box too low to read in, showing a sliver of what it holds (a phone's sections once).
    for (const el of document.querySelectorAll('body *')) {
      const s = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(s.overflowY) || !visible(el) || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') continue;
      if (el.clientHeight < 80 && el.scrollHeight > el.clientHeight * 1.5 + 20) found.push(`squashed: ${el.clientHeight} px high shows part of ${el.scrollHeight} px ("${el.textContent!.trim().slice(0, 30)}", ${where(el)})`);
    }

    // 3. Labels over each other: the DOM labels over the scene and the SVG texts of a chart, where both show.
    const labels = [...document.querySelectorAll('[data-label], svg text')].filter((el) => visible(el) && el.textContent!.trim());
    // Shown: not under a panel (what is at its middle is the label itself, or another label lying over it).
    const shown = (el: Element, r: DOMRect) => { const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return !!hit && (hit === el || el.contains(hit) || hit.contains(el) || !!hit.closest('[data-label]')); };
    const boxes = labels.map((el) => ({ el, r: el.getBoundingClientRect() })).filter(({ el, r }) => el.tagName.toLowerCase() === 'text' || shown(el, r));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!.r, b = boxes[j]!.r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height)) found.push(`labels over each other: "${boxes[i]!.el.textContent!.trim().slice(0, 20)}" and "${boxes[j]!.el.textContent!.trim().slice(0, 20)}"`);
    }

    // 4. A disabled control must look it.
    for (const el of document.querySelectorAll('button:disabled, select:disabled, input:disabled')) {
      if (!visible(el)) continue;
      const s = getComputedStyle(el);
      if (Number(s.opacity) > 0.7 && s.cursor !== 'not-allowed') found.push(`looks enabled but is disabled: "${el.textContent!.trim().slice(0, 30)}" (${where(el)})`);
    }

    // 4b. What looks clickable (a pointer cursor where it starts, not inherited) must act: a native control or a handler.
    const handlerOf = (el: Element) => {
      const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
      const props = key ? (el as unknown as Record<string, Record<string, unknown>>)[key] : null;
      return ['onClick', 'onMouseDown', 'onPointerDown'].some((h) => typeof props?.[h] === 'function') || typeof (el as HTMLElement).onclick === 'function';
    };
    for (const el of document.querySelectorAll('body *')) {
      if (getComputedStyle(el).cursor !== 'pointer' || !visible(el)) continue;
      if (el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer') continue;
      // (uPlot's legend toggles its series through listeners of its own, which a page cannot list.)
      if (el.matches('a[href], button, select, input, textarea, label, summary, canvas, .u-legend .u-series, .u-legend .u-series *') || handlerOf(el)) continue;
      found.push(`looks clickable but does nothing: "${el.textContent!.trim().slice(0, 30)}" (${where(el)})`);
    }

    // 5. On a Chinese page: no raw ids or codes, no English words of the domain.
    if (lang === 'zh') {
      const words = new Set(englishWords);
      const read = [...texts.filter(({ el }) => !raw(el) && !el.closest('[lang="en"]')).map(({ node, el }) => ({ t: node.textContent!, el })),
        ...[...document.querySelectorAll('[title]')].filter((el) => visible(el) && !raw(el)).map((el) => ({ t: el.getAttribute('title')!, el }))];
      for (const { t, el } of read) {
        const id = new RegExp(rawId).exec(t);
        if (id && !new RegExp(notRaw).test(id[0])) found.push(`raw id "${id[0]}" in "${t.trim().slice(0, 60)}" (${where(el)})`);
        const english = t.match(/\b[A-Za-z]{3,}\b/g)?.find((x) => words.has(x.toLowerCase()));
        if (english) found.push(`English "${english}" in "${t.trim().slice(0, 60)}" (${where(el)})`);
      }
    }
    return [...new Set(found)];
  }, { lang, englishWords: ENGLISH_DOMAIN_WORDS, rawId: RAW_ID.source, notRaw: NOT_RAW.source });
}
