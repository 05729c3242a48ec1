import { Body, Controller, Get, type INestApplication, Module, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';
import { CorrelationId } from './correlation-id.decorator';
import { createFastifyAdapter } from './fastify-adapter';

@Controller('probe')
class ProbeController {
  /** Written straight to Node's response, as the BFF's SSE stream is. */
  @Get('raw')
  raw(@Res() reply: FastifyReply): void {
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.end('written raw');
  }

  @Post()
  echo(@Body() body: unknown, @CorrelationId() correlationId: string): { body: unknown; correlationId: string } {
    return { body: body ?? null, correlationId };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('createFastifyAdapter', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, createFastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/probe`;
  });

  afterAll(() => app?.close());

  const post = (body: string | undefined, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it("keeps the caller's correlation id: the handler's, the echoed header and the request's are one", async () => {
    const response = await post('{"a":1}', { [CORRELATION_ID_HEADER]: 'checkout-1234' });

    expect(response.status).toBe(201);
    expect(response.headers.get(CORRELATION_ID_HEADER)).toBe('checkout-1234');
    expect(await response.json()).toEqual({ body: { a: 1 }, correlationId: 'checkout-1234' });
  });

  it('echoes the correlation id on a response written straight to Node, too', async () => {
    const response = await fetch(`${url}/raw`, { headers: { [CORRELATION_ID_HEADER]: 'stream-5678' } });

    expect(await response.text()).toBe('written raw');
    expect(response.headers.get(CORRELATION_ID_HEADER)).toBe('stream-5678');
  });

  it('mints a correlation id when the caller sends none or a malformed one', async () => {
    const response = await post('{}', { [CORRELATION_ID_HEADER]: 'bad id!' });

    const minted = response.headers.get(CORRELATION_ID_HEADER);
    expect(minted).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await response.json()) as { correlationId: string }).correlationId).toBe(minted);
  });

  it('treats a JSON request without a body as one without a payload, as Express does', async () => {
    const response = await post(undefined);

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ body: null });
  });

  it('answers malformed JSON with a 400', async () => {
    const response = await post('{"a":');

    expect(response.status).toBe(400);
  });

  it('refuses a form-encoded body with a 415 naming the media type: the APIs speak JSON', async () => {
    const response = await post('customerName=Siti', { 'content-type': 'application/x-www-form-urlencoded' });

    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ message: expect.stringMatching(/application\/x-www-form-urlencoded/) });
  });

  it('refuses a body over 16 KB with a 413', async () => {
    const response = await post(JSON.stringify({ padding: 'x'.repeat(17 * 1024) }));

    expect(response.status).toBe(413);
  });
});
