import { loadAppEnvironments } from './environment-classes';
import { readText } from './workspace';

/** `.env.example` is the one list of every setting: in sync with the environment classes both ways. */
describe('.env.example', () => {
  // `NAME=value`, or `# NAME=value` for one that is unset by default (DATABASE_URL, WORKER_ID).
  const listed = new Set([...readText('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
  const declared = new Set([...loadAppEnvironments().values()].flatMap((environment) => [...environment.variables]));

  it('lists every variable an environment class declares', () => {
    expect([...declared].filter((name) => !listed.has(name)).sort()).toEqual([]);
  });

  it('lists nothing the services do not read', () => {
    expect([...listed].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });
});
