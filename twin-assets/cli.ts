// What every command line of ours does alike: `--help`, strict options, one line and exit 2 for a bad one.
// For entry points only (it exits the process); here so that every folder's command line may use it.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function cliArgs<O extends Options>(name: string, usage: string, options: O, opts: { positionals?: boolean } = {}) {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: opts.positionals ?? false, strict: true });
  } catch (e) {
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message)?.[1];
    console.error(`${name}: ${unknown ? `Unknown option '${unknown}'` : (e as Error).message.split('\n')[0]} (--help shows the options)`);
    process.exit(2);
  }
  if (parsed.values.help) { console.log(usage.trim()); process.exit(0); }
  return { values: parsed.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }, positionals: parsed.positionals };
}

/** One line for a person, then a non-zero exit. */
export function cliFail(name: string, message: string, code = 1): never {
  console.error(`${name}: ${message}`);
  process.exit(code);
}
