import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { CommonEnvironment } from '../config/common.environment';
import { buildDataSourceOptions, type DataSourceSettings } from './data-source-options';

export type DatabaseSchema = Pick<DataSourceSettings, 'entities' | 'migrations'> & {
  /** File name under SQLITE_DIR in zero-infra mode. */
  sqliteFileName: string;
};

/** Connects a service to its own tables on MySQL (DATABASE_URL) or SQLite. */
@Module({})
export class DatabaseModule {
  static forSchema(schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ...databaseOptionsFromEnvironment(
              { DATABASE_URL: config.get<string>('DATABASE_URL'), SQLITE_DIR: config.getOrThrow<string>('SQLITE_DIR') },
              schema,
            ),
            // Keep retrying while the database is down at start-up instead of crashing.
            retryAttempts: Number.MAX_SAFE_INTEGER,
            retryDelay: 1_000,
          }),
        }),
      ],
    };
  }
}

export function databaseOptionsFromEnvironment(
  environment: Pick<CommonEnvironment, 'DATABASE_URL' | 'SQLITE_DIR'>,
  schema: DatabaseSchema,
) {
  return buildDataSourceOptions({
    databaseUrl: environment.DATABASE_URL,
    sqliteFile: join(environment.SQLITE_DIR, schema.sqliteFileName),
    entities: schema.entities,
    migrations: schema.migrations,
  });
}
