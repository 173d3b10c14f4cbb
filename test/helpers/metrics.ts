/** The value of one Prometheus series from /metrics text, e.g. metricValue(text, 'twin_x_total', {reason: 'oversized'}). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v) && Object.keys(got).length === Object.keys(labels).length) return Number(m[3]);
  }
  return undefined;
}

/** /metrics is not public: a scraper sends a token whose role may read it (here the operator's machine credential). */
export const SCRAPE = { headers: { authorization: `Bearer ${process.env.TEST_OPERATOR_TOKEN ?? 'operator-test-token'}` } };
