import { HttpService } from '@nestjs/axios';
import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isAxiosError, type AxiosRequestConfig } from 'axios';
import { firstValueFrom } from 'rxjs';
import type { ProviderFaultsDto, UpdateProviderFaultsDto, WorkerStatusDto } from '@mini-commerce/contracts';

/** Reaches payment's /faults and the worker's /worker controls over HTTP. */
@Injectable()
export class OperatorApiClient {
  private readonly paymentUrl: string;
  private readonly workerUrl: string;

  constructor(
    private readonly http: HttpService,
    config: ConfigService,
  ) {
    this.paymentUrl = config.getOrThrow<string>('PAYMENT_URL');
    this.workerUrl = config.getOrThrow<string>('WORKER_URL');
  }

  paymentFaults(): Promise<ProviderFaultsDto> {
    return this.request('payment', { method: 'GET', url: `${this.paymentUrl}/faults` });
  }

  updatePaymentFaults(changes: UpdateProviderFaultsDto): Promise<ProviderFaultsDto> {
    return this.request('payment', { method: 'PUT', url: `${this.paymentUrl}/faults`, data: changes });
  }

  workerStatus(): Promise<WorkerStatusDto> {
    return this.request('queue-worker', { method: 'GET', url: `${this.workerUrl}/worker` });
  }

  setWorkerPaused(paused: boolean): Promise<WorkerStatusDto> {
    return this.request('queue-worker', { method: 'POST', url: `${this.workerUrl}/worker/${paused ? 'pause' : 'resume'}` });
  }

  private async request<T>(service: string, config: AxiosRequestConfig): Promise<T> {
    try {
      return (await firstValueFrom(this.http.request<T>(config))).data;
    } catch (error) {
      if (isAxiosError(error) && error.response) {
        throw new HttpException(error.response.data as object, error.response.status);
      }
      throw new ServiceUnavailableException(`${service} is unreachable`);
    }
  }
}
