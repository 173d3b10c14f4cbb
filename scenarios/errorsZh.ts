// The scenario check's messages in Chinese. The English ones are made in one place each (the schema,
// twin-assets/validationErrors.ts, references.ts, sim-server/drill/reachability.ts); this reads them back
// into Chinese, with actions, roles and kinds of thing named as the interface names them. A message it does
// not know stays English (the test feeds it every kind of mistake, so none should).
import { ROLE_LABELS, STRINGS } from '../twin-assets/labels';
import { actionLabel } from './actions';

const KINDS: Record<string, string> = { device: STRINGS.device.zh, household: STRINGS.residents.zh, 'flood zone': '积水区', 'street edge': STRINGS.lane.zh, building: '楼栋', crane: '塔吊', courtyard: STRINGS.courtyard.zh, hazard: STRINGS.hazards.zh };
const action = (a: string) => actionLabel(a).zh;
const roles = (list: string) => list.split(', ').map((r) => (ROLE_LABELS as Record<string, { zh: string }>)[r]?.zh ?? r).join('、');

const RULES: [RegExp, (...m: string[]) => string][] = [
  [/^no drill can reach this: (.*)$/, (r) => `任何演练都无法达成：${zhMessage(r!)}`],
  [/^no role of this drill may do "(\w+)" \((.*) may; the drill has (.*)\)$/, (a, may, has) => `本演练没有角色能执行“${action(a!)}”（${roles(may!)}可以；本演练的角色：${roles(has!)}）`],
  [/^"(\w+)" needs (.*) first, which no role of this drill may do$/, (a, pre) => `“${action(a!)}”须先完成${pre!.split(', ').map(action).join('、')}，本演练没有角色能执行`],
  [/^it needs (.*), and the drill has (.*)$/, (need, has) => `处置需要${need!.replace(/"(\w+)" \(([^)]*)\)/g, (_, a: string, r: string) => `“${action(a)}”（${roles(r)}）`)}，本演练的角色：${roles(has!)}`],
  [/^the hazard "(.*)" \((.*)\) is never made safe by an action: end it by "afterAction"$/, (h) => `险情“${h}”没有能使其安全的行动：请用 "afterAction" 结束演练`],
  [/^it is due at (\d+) s, after the drill fails at (\d+) s$/, (a, f) => `它在第 ${a} 秒触发，而演练在第 ${f} 秒已判定失败`],
  [/^it waits for an acknowledgement, and no role of this drill may acknowledge \((.*) may\)$/, (r) => `它等待报警确认，本演练没有角色能确认报警（${roles(r!)}可以）`],
  [/^unknown (device|household|flood zone|street edge|building|crane|courtyard) "(.*)" in district "(.*)"(?:; did you mean "(.*)"\?)?$/, (k, id, d, near) => `片区“${d}”中没有${KINDS[k!]}“${id}”${near ? `；是否应为“${near}”？` : ''}`],
  [/^unknown district "(.*)": the district loaded is "(.*)"$/, (x, y) => `未知片区“${x}”：当前加载的片区是“${y}”`],
  [/^unknown hazard "(.*)"$/, (h) => `未知险情“${h}”`],
  [/^duplicate id "(.*)"$/, (id) => `编号“${id}”重复`],
  [/^give either "atS" or "when", not both$/, () => '“atS”（定时）和“when”（条件）须给一个，且只能给一个'],
  [/^expected an id of letters, digits, "_", "\." or "-"/, () => '应为由字母、数字、“_”、“.”或“-”组成的编号'],
  [/^expected a time like 21:30$/, () => '应为时间，如 21:30'],
  [/^expected at least (\S+) item\(s\)$/, (n) => `至少需要 ${n} 项`],
  [/^expected at least (\S+) character\(s\)$/, (n) => `至少需要 ${n} 个字符`],
  [/^expected at least (\S+)$/, (n) => `应不小于 ${n}`],
  [/^expected at most (\S+)$/, (n) => `应不大于 ${n}`],
  [/^expected more than (\S+)$/, (n) => `应大于 ${n}`],
  [/^expected less than (\S+)$/, (n) => `应小于 ${n}`],
  [/^expected one of (.*)$/, (v) => `应为以下之一：${v}`],
  [/^expected (number|string|boolean|array|object|int)$/, (t) => `应为${{ number: '数字', string: '文字', boolean: '是或否', array: '列表', object: '映射', int: '整数' }[t!]}`],
  [/^unknown field\(s\) (.*)$/, (k) => `未知字段：${k}`],
  [/^Invalid input$/, () => '输入无效'],
];

/** Syntax errors from the YAML parser keep their English detail behind a Chinese lead. */
export function zhMessage(message: string): string {
  for (const [re, zh] of RULES) { const m = re.exec(message); if (m) return zh(...m.slice(1)); }
  return /^(Unexpected|Missing|Map keys|Implicit|Nested|Flow|All collection|Unresolved|Tabs|Invalid|Block)/.test(message) ? `YAML 语法错误：${message}` : message;
}
