import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProviderSimulator } from './provider-simulator';

@Module({
  providers: [{ provide: ProviderSimulator, inject: [ConfigService], useFactory: (config: ConfigService) => new ProviderSimulator(config) }],
  exports: [ProviderSimulator],
})
export class ProviderSimulatorModule {}
