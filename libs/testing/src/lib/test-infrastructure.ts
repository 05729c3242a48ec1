/** Servers the integration and e2e tests use: the real ones, never fakes. */
export const TEST_MYSQL_SERVER_URL = process.env['TEST_MYSQL_SERVER_URL'] ?? 'mysql://root@127.0.0.1:3306';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
