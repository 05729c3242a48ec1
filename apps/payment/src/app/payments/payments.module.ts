import { Module } from '@nestjs/common';
import { ProviderSimulatorModule } from '../provider-faults/provider-simulator.module';
import { PaymentsMessageController } from './payments-message.controller';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

@Module({
  imports: [ProviderSimulatorModule],
  controllers: [PaymentsController, PaymentsMessageController],
  providers: [PaymentsService, PaymentsRepository],
})
export class PaymentsModule {}
