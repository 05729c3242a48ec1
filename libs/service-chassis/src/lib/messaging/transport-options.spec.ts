import { Socket } from 'node:net';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientTCP, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { unusedPort } from '@mini-commerce/testing';
import { redisTransport, tcpServer, tcpTransport } from './transport-options';

describe('redisTransport', () => {
  it('takes host, port, credentials and database number from the URL', () => {
    const { transport, options } = redisTransport('redis://app:s%40cret@cache.internal:6380/3');

    expect(transport).toBe(Transport.REDIS);
    expect(options).toMatchObject({ host: 'cache.internal', port: 6380, username: 'app', password: 's@cret', db: 3 });
    expect(options?.tls).toBeUndefined();
  });

  it('defaults to port 6379, database 0 and no credentials', () => {
    const { options } = redisTransport('redis://127.0.0.1');

    expect(options).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(options?.username).toBeUndefined();
    expect(options?.password).toBeUndefined();
  });

  it('turns on TLS for rediss://', () => {
    expect(redisTransport('rediss://cache.example.com:6380').options?.tls).toEqual({});
  });
});

@Controller()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload() payload: number): number {
    return payload;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('tcpTransport and tcpServer', () => {
  let server: INestMicroservice;
  let client: ClientTCP;
  let noDelay: jest.SpyInstance;
  let port: number;

  beforeAll(async () => {
    noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    port = await unusedPort();
    server = await NestFactory.createMicroservice(EchoModule, { ...tcpServer('127.0.0.1', port), logger: false });
    await server.listen();
    client = new ClientTCP(tcpTransport('127.0.0.1', port).options);
  });

  afterAll(async () => {
    noDelay.mockRestore();
    client?.close();
    await server?.close();
  });

  it('answers concurrent requests over sockets that send without delay at both ends', async () => {
    const replies = await Promise.all([1, 2, 3].map((n) => firstValueFrom(client.send<number>('echo', n))));

    expect(replies).toEqual([1, 2, 3]);
    const noDelaySockets = (noDelay.mock.contexts as Socket[]).filter((_, call) => noDelay.mock.calls[call][0] === true);
    expect(noDelaySockets.some((socket) => socket.remotePort === port)).toBe(true); // the client's
    expect(noDelaySockets.some((socket) => socket.localPort === port)).toBe(true); // the server's
  });

  it('finds the handler of a plain string pattern without trying it as JSON (which throws each time)', async () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(await firstValueFrom(client.send<number>('echo', 4))).toBe(4);
      expect(parse.mock.calls.map(([text]) => text)).not.toContain('echo');
    } finally {
      parse.mockRestore();
    }
  });
});
