import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** Lets a client retry a checkout safely: the same Idempotency-Key returns the same order. */
export class AddOrderIdempotencyKey1763800000002 implements MigrationInterface {
  name = 'AddOrderIdempotencyKey1763800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('orders', [
      new TableColumn({ name: 'idempotency_key', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'request_fingerprint', type: 'varchar', length: '64', isNullable: true }),
    ]);
    // Unique but nullable: orders placed without a key never collide.
    await queryRunner.createIndex(
      'orders',
      new TableIndex({ name: 'uq_orders_idempotency_key', columnNames: ['idempotency_key'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('orders', 'uq_orders_idempotency_key');
    await queryRunner.dropColumns('orders', ['idempotency_key', 'request_fingerprint']);
  }
}
