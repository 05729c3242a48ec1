import { DataSource } from 'typeorm';
import { CommonEnvironment } from '../config/common.environment';
import { validateEnvironment } from '../config/validate-environment';
import { databaseOptionsFromEnvironment, type DatabaseSchema } from './database.module';

/**
 * Entry point of every `migrate` target: applies the schema's pending
 * migrations to the database the environment names, then returns.
 */
export async function runMigrations(schema: DatabaseSchema, service: string): Promise<void> {
  const environment = validateEnvironment(CommonEnvironment)({ ...process.env });
  const options = databaseOptionsFromEnvironment(environment, schema);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const log = { level: 'info', service, msg: 'migrations applied', database: options.type, applied: applied.map((m) => m.name) };
    process.stdout.write(`${JSON.stringify(log)}\n`);
  } finally {
    await dataSource.destroy();
  }
}
