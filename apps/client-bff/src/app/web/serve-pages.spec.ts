import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { servePages } from './serve-pages';

const PAGES = join(__dirname, '..', '..', 'public');

@Controller('api/ping')
class PingController {
  @Get()
  ping(): { pong: true } {
    return { pong: true };
  }
}

describe('servePages', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let stat: jest.SpyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [PingController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    servePages(app, PAGES); // as main.ts does
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  beforeEach(() => (stat = jest.spyOn(fs, 'stat')));
  afterEach(() => stat.mockRestore());

  it.each([
    ['/', 'index.html', 'text/html'],
    ['/orders', 'orders.html', 'text/html'],
    ['/styles.css', 'styles.css', 'text/css'],
    ['/js/live-events.js', 'js/live-events.js', 'javascript'],
  ])('serves %s from %s', async (path, file, type) => {
    const response = await fetch(`${baseUrl}${path}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(await response.text()).toBe(fs.readFileSync(join(PAGES, file), 'utf8'));
  });

  it.each(['/api/ping', '/api/ping?x=1'])('leaves %s to the router without looking at the disk', async (path) => {
    const response = await fetch(`${baseUrl}${path}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ pong: true });
    expect(stat).not.toHaveBeenCalled();
  });

  it("answers a missing /api path with Nest's JSON 404, without looking at the disk", async () => {
    const response = await fetch(`${baseUrl}/api/nope`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, message: 'Cannot GET /api/nope' });
    expect(stat).not.toHaveBeenCalled();
  });

  it('still looks for any other path on the disk first', async () => {
    const response = await fetch(`${baseUrl}/apiary`);

    expect(response.status).toBe(404);
    expect(stat).toHaveBeenCalled();
  });
});
