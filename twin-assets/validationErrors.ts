// Turns zod issues into lines a person can act on: `buildings[12].floors: expected at least 1`.
import type { z } from 'zod';

export interface FieldError { path: string; message: string }

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) =>
    typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key), '') || '(root)';
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `expected at least ${String(issue.minimum)} character(s)`;
      return issue.inclusive === false ? `expected more than ${String(issue.minimum)}` : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.inclusive === false ? `expected less than ${String(issue.maximum)}` : `expected at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describe(issue) }));
}

export function errorLines(errors: FieldError[]): string[] {
  return errors.map((e) => `${e.path}: ${e.message}`);
}
