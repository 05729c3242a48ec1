import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { WorkerControlController } from './worker-control.controller';

@Module({
  imports: [JobsModule],
  controllers: [WorkerControlController],
})
export class WorkerControlModule {}
