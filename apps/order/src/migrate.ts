import { ORDER_SCHEMA } from '@mini-commerce/order-persistence';
import { runMigrations } from '@mini-commerce/service-chassis';

runMigrations(ORDER_SCHEMA, 'order').catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', service: 'order', msg: 'migration failed', err: error.message })}\n`);
  process.exit(1);
});
