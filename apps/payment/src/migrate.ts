import { runMigrations } from '@mini-commerce/service-chassis';
import { PAYMENT_SCHEMA } from './app/payments/payment-schema';

runMigrations(PAYMENT_SCHEMA, 'payment').catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', service: 'payment', msg: 'migration failed', err: error.message })}\n`);
  process.exit(1);
});
