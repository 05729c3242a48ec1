import { APP_NAMES, declaredVariables, loadAppEnvironments, parseAppEnvironment } from './environment-classes';

describe('environment classes', () => {
  it('reads property names, optional ones included, and the HTTP port default', () => {
    const source = `
export class DemoEnvironment extends CommonEnvironment {
  /** A comment: NOT_A_PROPERTY here. */
  @IsPort()
  DEMO_HTTP_PORT: number = 8_005;

  @IsOptional()
  DEMO_URL?: string;
}`;
    const environment = parseAppEnvironment('demo', 'demo.environment.ts', source, ['LOG_LEVEL']);
    expect([...environment.variables]).toEqual(['LOG_LEVEL', 'DEMO_HTTP_PORT', 'DEMO_URL']);
    expect(environment).toMatchObject({ httpPortVariable: 'DEMO_HTTP_PORT', httpPort: 8005 });
    expect(declaredVariables('const LOG_LEVELS = [];')).toEqual([]);
  });

  it('finds one environment class for each of the four apps, with their HTTP ports', () => {
    const environments = loadAppEnvironments();
    expect([...environments.keys()].sort()).toEqual([...APP_NAMES]);
    const ports = Object.fromEntries([...environments.values()].map((e) => [e.app, e.httpPort]));
    expect(ports).toEqual({ 'client-bff': 8000, order: 8001, payment: 8002, 'queue-worker': 8003 });
    for (const environment of environments.values()) expect(environment.variables).toContain('DATABASE_URL');
  });
});
