import { IsInt, Min } from 'class-validator';
import { CommonEnvironment } from './common.environment';
import { IsPort } from './environment-decorators';
import { validateEnvironment } from './validate-environment';

class ServiceEnvironment extends CommonEnvironment {
  @IsPort()
  HTTP_PORT: number = 8001;

  @IsInt()
  @Min(0)
  DELAY_MS: number = 0;
}

const validate = validateEnvironment(ServiceEnvironment);

function problemsWith(raw: Record<string, string>): string {
  try {
    validate(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

describe('validateEnvironment', () => {
  it('applies the defaults when nothing is set', () => {
    expect(validate({})).toMatchObject({
      LOG_LEVEL: 'info',
      HTTP_HOST: '0.0.0.0',
      TCP_BIND_HOST: '127.0.0.1',
      SQLITE_DIR: 'data',
      HTTP_PORT: 8001,
      DELAY_MS: 0,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
    });
  });

  it('turns numeric strings into numbers and keeps the URLs it was given', () => {
    const environment = validate({
      HTTP_PORT: '9100',
      DELAY_MS: '250',
      DATABASE_URL: 'mysql://shop:secret@db:3306/orders',
      REDIS_URL: 'redis://cache:6379',
    });

    expect(environment.HTTP_PORT).toBe(9100);
    expect(environment.DELAY_MS).toBe(250);
    expect(environment.DATABASE_URL).toBe('mysql://shop:secret@db:3306/orders');
    expect(environment.REDIS_URL).toBe('redis://cache:6379');
  });

  it('refuses to start, naming every bad variable at once', () => {
    const message = problemsWith({ HTTP_PORT: '70000', DATABASE_URL: 'postgres://x', LOG_LEVEL: 'loud' });

    expect(message).toMatch(/^Invalid environment/);
    expect(message).toContain('HTTP_PORT must not be greater than 65535');
    expect(message).toContain('DATABASE_URL must be a mysql:// or mariadb:// URL');
    expect(message).toContain('LOG_LEVEL');
  });

  it.each([
    ['HTTP_PORT', '0'],
    ['HTTP_PORT', 'eighty'],
    ['HTTP_PORT', '80.5'],
    ['DELAY_MS', '-1'],
    ['REDIS_URL', 'http://cache:6379'],
  ])('rejects %s=%s, naming that variable and no other', (name, value) => {
    const [, ...problems] = problemsWith({ [name]: value }).split('\n');

    expect(problems.length).toBeGreaterThan(0);
    problems.forEach((problem) => expect(problem).toMatch(new RegExp(`^  - ${name} `)));
  });
});
