import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Builds the `validate` hook for `ConfigModule.forRoot`: the process refuses to
 * start, naming every bad variable at once, instead of failing later at first use.
 */
export function validateEnvironment<T extends object>(schema: ClassConstructor<T>) {
  return (raw: Record<string, unknown>): T => {
    // Conversion follows each field's declared type, so every field declares one.
    const environment = plainToInstance(schema, raw, { enableImplicitConversion: true });
    const errors = validateSync(environment, { skipMissingProperties: false, forbidUnknownValues: false });
    if (errors.length > 0) {
      const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));
      throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    }
    return environment;
  };
}
