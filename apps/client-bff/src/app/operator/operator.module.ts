import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { OperatorApiClient } from './operator-api.client';
import { OperatorController } from './operator.controller';

@Module({
  imports: [HttpModule.register({ timeout: 3_000 })],
  controllers: [OperatorController],
  providers: [OperatorApiClient],
})
export class OperatorModule {}
