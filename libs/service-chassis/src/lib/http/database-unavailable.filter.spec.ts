import {
  Controller,
  Get,
  type HttpServer,
  type INestApplication,
  Module,
  NotFoundException,
  type ArgumentsHost,
} from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { unusedPort } from '@mini-commerce/testing';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';

@Controller()
class ProbeController {
  static databaseUrl = '';

  /** What a handler sees when MySQL is down: the real driver error. */
  @Get('database-down')
  async databaseDown(): Promise<never> {
    await new DataSource({ type: 'mysql', url: ProbeController.databaseUrl, connectTimeout: 1_000 }).initialize();
    throw new Error('the database unexpectedly answered');
  }

  @Get('query-failed-connection-lost')
  queryFailed(): never {
    throw Object.assign(new Error('Connection lost: The server closed the connection.'), {
      driverError: { code: 'PROTOCOL_CONNECTION_LOST' },
    });
  }

  @Get('bug')
  bug(): never {
    throw Object.assign(new Error('You have an error in your SQL syntax'), { code: 'ER_PARSE_ERROR' });
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('order 42 does not exist');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('DatabaseUnavailableFilter', () => {
  describe.each(['Express', 'Fastify'] as const)('in an HTTP service on %s', (adapter) => {
    let app: INestApplication;
    let baseUrl: string;

    beforeAll(async () => {
      ProbeController.databaseUrl = `mysql://root@127.0.0.1:${await unusedPort()}/orders`;
      app =
        adapter === 'Fastify'
          ? await NestFactory.create(ProbeModule, new FastifyAdapter(), { logger: false })
          : await NestFactory.create(ProbeModule, { logger: false });
      app.useGlobalFilters(new DatabaseUnavailableFilter(app.get(HttpAdapterHost).httpAdapter));
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
    });

    afterAll(() => app?.close());

    const get = async (path: string) => {
      const response = await fetch(`${baseUrl}${path}`);
      return { status: response.status, body: await response.json() };
    };

    it.each(['database-down', 'query-failed-connection-lost'])(
      'answers 503 with a retry hint when the database is unreachable (%s)',
      async (path) => {
        expect(await get(`/${path}`)).toEqual({
          status: 503,
          body: {
            statusCode: 503,
            message: 'the database is unavailable; nothing was changed, retry shortly',
            error: 'Service Unavailable',
          },
        });
      },
    );

    it('leaves any other error to Nest: a query bug is a plain 500', async () => {
      expect(await get('/bug')).toEqual({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    });

    it("leaves an HttpException to Nest: its own status and body", async () => {
      expect(await get('/missing')).toEqual({
        status: 404,
        body: { statusCode: 404, message: 'order 42 does not exist', error: 'Not Found' },
      });
    });
  });

  describe('outside HTTP', () => {
    afterEach(() => jest.restoreAllMocks());

    it('hands an unreachable-database error in a message handler to the base filter', () => {
      const base = jest.spyOn(BaseExceptionFilter.prototype, 'catch').mockImplementation(() => undefined);
      const switchToHttp = jest.fn();
      const host = { getType: () => 'rpc', switchToHttp } as unknown as ArgumentsHost;
      const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

      new DatabaseUnavailableFilter({} as HttpServer).catch(error, host);

      expect(base).toHaveBeenCalledWith(error, host);
      expect(switchToHttp).not.toHaveBeenCalled();
    });
  });
});
