import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/** Written with TypeORM's schema API so the same migration runs on MySQL and SQLite. */
export class CreateOrderTables1763800000000 implements MigrationInterface {
  name = 'CreateOrderTables1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite only auto-increments an INTEGER PRIMARY KEY.
    const sequenceType = queryRunner.connection.options.type === 'mysql' ? 'bigint' : 'integer';
    const sequenceId: TableColumnOptions = {
      name: 'id',
      type: sequenceType,
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    };
    const timestamps: TableColumnOptions[] = [
      { name: 'created_at', type: 'bigint' },
      { name: 'updated_at', type: 'bigint' },
    ];

    await queryRunner.createTable(
      new Table({
        name: 'orders',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'customer_name', type: 'varchar', length: '100' },
          { name: 'product_name', type: 'varchar', length: '100' },
          { name: 'quantity', type: 'int' },
          { name: 'amount', type: 'int' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'failure_reason', type: 'varchar', length: '255', isNullable: true },
          { name: 'correlation_id', type: 'varchar', length: '64' },
          ...timestamps,
        ],
        indices: [
          { name: 'idx_orders_created', columnNames: ['created_at'] },
          { name: 'idx_orders_status_created', columnNames: ['status', 'created_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payment_jobs',
        columns: [
          sequenceId,
          { name: 'order_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'amount', type: 'int' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'available_at', type: 'bigint' },
          { name: 'locked_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'correlation_id', type: 'varchar', length: '64' },
          ...timestamps,
        ],
        indices: [{ name: 'idx_payment_jobs_claim', columnNames: ['status', 'available_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'order_events',
        columns: [
          sequenceId,
          { name: 'order_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'correlation_id', type: 'varchar', length: '64' },
          { name: 'data', type: 'text' },
          { name: 'occurred_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_order_events_order', columnNames: ['order_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('order_events');
    await queryRunner.dropTable('payment_jobs');
    await queryRunner.dropTable('orders');
  }
}
