import { existsSync, readdirSync } from 'node:fs';
import { fromRoot, readText } from './workspace';

/**
 * The environment variables each app accepts, read from the source of its
 * `*.environment.ts` class and of CommonEnvironment, which every one extends.
 * Read as text because a tooling project may not import apps (module boundaries).
 */
export interface AppEnvironment {
  app: string;
  file: string;
  variables: Set<string>;
  /** `ORDER_HTTP_PORT` and its default, the port health probes and Services point at. */
  httpPortVariable: string;
  httpPort: number;
}

export const COMMON_ENVIRONMENT_FILE = 'libs/service-chassis/src/lib/config/common.environment.ts';

/** A property declaration in a class body: `  NAME: type = …` or `  NAME?: type`. */
const PROPERTY = /^\s+([A-Z][A-Z0-9_]*)[?:]/gm;
const HTTP_PORT = /^\s+([A-Z][A-Z0-9_]*_HTTP_PORT):\s*number\s*=\s*([\d_]+);/m;

export function declaredVariables(source: string): string[] {
  return [...source.matchAll(PROPERTY)].map((match) => match[1]);
}

export function parseAppEnvironment(app: string, file: string, source: string, common: string[]): AppEnvironment {
  if (!/\bextends CommonEnvironment\b/.test(source)) throw new Error(`${file}: expected a class extending CommonEnvironment`);
  const port = HTTP_PORT.exec(source);
  if (!port) throw new Error(`${file}: no *_HTTP_PORT property with a numeric default`);
  return {
    app,
    file,
    variables: new Set([...common, ...declaredVariables(source)]),
    httpPortVariable: port[1],
    httpPort: Number(port[2].replaceAll('_', '')),
  };
}

/** One entry per app that has `apps/<app>/src/app/*.environment.ts` (system-e2e has none). */
export function loadAppEnvironments(): Map<string, AppEnvironment> {
  const common = declaredVariables(readText(COMMON_ENVIRONMENT_FILE));
  const environments = new Map<string, AppEnvironment>();
  for (const app of readdirSync(fromRoot('apps'))) {
    const appDir = fromRoot('apps', app, 'src', 'app');
    const classFiles = existsSync(appDir) ? readdirSync(appDir).filter((name) => name.endsWith('.environment.ts')) : [];
    if (classFiles.length === 0) continue;
    if (classFiles.length > 1) throw new Error(`apps/${app}: more than one *.environment.ts: ${classFiles.join(', ')}`);
    const file = `apps/${app}/src/app/${classFiles[0]}`;
    environments.set(app, parseAppEnvironment(app, file, readText(file), common));
  }
  return environments;
}

export const APP_NAMES = ['client-bff', 'order', 'payment', 'queue-worker'] as const;
