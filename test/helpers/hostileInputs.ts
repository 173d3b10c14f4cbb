// The hostile scenario files the issue found (about 220 KB each), for the worker's tests and the bench.
import { MAX_ALIASES } from '../../sim-server/workers/untrustedTasks';

export const HOSTILE = {
  flowNesting: '['.repeat(110_000) + ']'.repeat(110_000),
  blockNesting: Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n',
  aliasBomb: ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n') + '\n',
  manyAliases: 'a: &a 1\nb: [' + Array(MAX_ALIASES + 5).fill('*a').join(', ') + ']\n',
};

