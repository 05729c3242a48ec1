import { Module } from '@nestjs/common';
import { ProviderFaultsController } from './provider-faults.controller';
import { ProviderSimulatorModule } from './provider-simulator.module';

@Module({
  imports: [ProviderSimulatorModule],
  controllers: [ProviderFaultsController],
})
export class ProviderFaultsModule {}
