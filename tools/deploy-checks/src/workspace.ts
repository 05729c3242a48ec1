import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const workspaceRoot = join(__dirname, '../../..');

export const fromRoot = (...segments: string[]) => join(workspaceRoot, ...segments);

export const readText = (relativePath: string) => readFileSync(fromRoot(relativePath), 'utf8');

// `merge: true` resolves `<<: *anchor` as Compose does; YAML 1.2 alone leaves it a plain key.
export const readYaml = <T = Record<string, unknown>>(relativePath: string): T =>
  parse(readText(relativePath), { merge: true }) as T;

/** Every document of a `---`-separated file, empty ones (a trailing `---`) left out. */
export function readYamlDocuments<T = Record<string, unknown>>(relativePath: string): T[] {
  return parseAllDocuments(readText(relativePath), { merge: true })
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${relativePath}: ${document.errors[0].message}`);
      return document.toJS() as T | null;
    })
    .filter((document): document is T => document !== null);
}

/** Every string anywhere in a parsed document, with the path that leads to it. */
export function* stringsIn(value: unknown, path = ''): Generator<[path: string, value: string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* stringsIn(item, path ? `${path}.${key}` : key);
}

/** The value, or a failure naming what is missing: for lookups that the checks rely on. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}
