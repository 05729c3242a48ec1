import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class CreatePayments1763800000001 implements MigrationInterface {
  name = 'CreatePayments1763800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'payments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'order_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'amount', type: 'int' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'decline_reason', type: 'varchar', length: '255', isNullable: true },
          { name: 'correlation_id', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('payments');
  }
}
