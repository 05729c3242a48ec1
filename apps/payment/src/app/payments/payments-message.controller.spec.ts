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

/** Answers a charge of Rp 13 with an error, fails a batch holding Rp 66 as a whole; approves the rest. */
class FakePaymentsService {
  async chargeMany(charges: ChargeRequest[]): Promise<Array<PaymentDto | Error>> {
    if (charges.some(({ request }) => request.amount === 66)) throw new Error('database unavailable');
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

  it('gives every charge the error when the batch cannot be recorded at all', async () => {
    const results = await chargeBatch({ charges: [chargeOf(50_000), chargeOf(66)] });

    expect(results).toEqual([{ error: 'database unavailable' }, { error: 'database unavailable' }]);
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

  it('refuses a malformed single charge (payment.charge.v1), naming the field', async () => {
    const message = { correlationId: randomUUID(), payload: { orderId: 'not-a-uuid', amount: 50_000 } };

    await expect(firstValueFrom(client.send(PaymentPatterns.Charge, message))).rejects.toMatchObject({
      message: 'invalid charge: orderId must be a UUID',
    });
  });
});
