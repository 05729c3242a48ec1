import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { PaymentPatterns, PaymentStatus, type ChargeResultDto, type PaymentDto } from '@mini-commerce/contracts';
import { tcpServer, tcpTransport } from '@mini-commerce/service-chassis';
import { unusedPort } from '@mini-commerce/testing';
import { ProviderSimulator } from '../provider-faults/provider-simulator';
import { PaymentsMessageController } from './payments-message.controller';
import { PaymentsService, type ChargeRequest } from './payments.service';

/** Answers a charge of Rp 13 with an error; approves the others. */
class FakePaymentsService {
  async chargeMany(charges: ChargeRequest[]): Promise<Array<PaymentDto | Error>> {
    return charges.map(({ request }) =>
      request.amount === 13
        ? new Error('database unavailable')
        : { id: randomUUID(), ...request, status: PaymentStatus.Approved, declineReason: null, createdAt: new Date().toISOString() },
    );
  }
}

const chargeOf = (amount: number) => ({ correlationId: randomUUID(), payload: { orderId: randomUUID(), amount } });

describe('PaymentsMessageController over Nest TCP', () => {
  let microservice: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    const port = await unusedPort();
    const moduleRef = await Test.createTestingModule({
      controllers: [PaymentsMessageController],
      providers: [
        { provide: PaymentsService, useClass: FakePaymentsService },
        { provide: ProviderSimulator, useValue: new ProviderSimulator(new ConfigService({ PAYMENT_DELAY_MS: 0 })) },
      ],
    }).compile();
    microservice = moduleRef.createNestMicroservice(tcpServer('127.0.0.1', port));
    await microservice.listen();
    client = ClientProxyFactory.create(tcpTransport('127.0.0.1', port));
  });

  afterAll(async () => {
    await client?.close();
    await microservice?.close();
  });

  const chargeBatch = (message: unknown) =>
    firstValueFrom(client.send<ChargeResultDto[]>(PaymentPatterns.ChargeBatch, message));

  it('answers a batch with one result per charge, in order', async () => {
    const charges = [chargeOf(50_000), chargeOf(13), chargeOf(20_000)];

    const results = await chargeBatch({ charges });

    expect(results).toEqual([
      { payment: expect.objectContaining({ orderId: charges[0].payload.orderId, status: PaymentStatus.Approved }) },
      { error: 'database unavailable' },
      { payment: expect.objectContaining({ orderId: charges[2].payload.orderId }) },
    ]);
  });

  it('refuses a malformed batch as a whole, naming the field at fault', async () => {
    const charges = [chargeOf(50_000), { ...chargeOf(50_000), payload: { orderId: 'not-a-uuid', amount: 50_000 } }];

    await expect(chargeBatch({ charges })).rejects.toMatchObject({
      message: expect.stringContaining('charges.1.payload.orderId must be a UUID'),
    });
  });

  it('refuses an empty batch', async () => {
    await expect(chargeBatch({ charges: [] })).rejects.toMatchObject({
      message: expect.stringContaining('charges must contain at least 1 elements'),
    });
  });
});
