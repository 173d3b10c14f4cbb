// The AAR/IP as a printable page (what Chromium prints to PDF): the document's blocks as HTML.
import type { Lang } from '../../twin-assets/labels';
import type { Aar } from './aar';
import { aarDocument } from './aarDocument';
import { esc, kpiChart, PAGE_HEAD } from './reportHtml';

export function aarHtml(aar: Aar, lang: Lang = 'zh'): string {
  const { title, blocks } = aarDocument(aar, lang);
  const tid = (b: { testid?: string }) => (b.testid ? ` data-testid="${b.testid}"` : '');
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'h1': case 'h2': case 'p': return `<${b.kind}${tid(b)}>${esc(b.text)}</${b.kind}>`;
      case 'list': return b.items.length ? `<ul${tid(b)}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p${tid(b)}>—</p>`;
      case 'kpiChart': return kpiChart(aar.report.kpis, lang);
      case 'table': return `<table${tid(b)}>${b.head.some(Boolean) ? `<tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` : ''}${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;
    }
  }).join('\n');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>${PAGE_HEAD}</head><body>\n${body}\n</body></html>`;
}
