import { EventEmitter } from 'node:events';
import { BadGatewayException, HttpException, ServiceUnavailableException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NEVER } from 'rxjs';
import { clientMessageOf, SseWriter } from './sse-writer';

describe('SseWriter', () => {
  describe('the probe of a connection Node has stopped reading from', () => {
    let paused: boolean;
    let written: string[];
    let response: EventEmitter;
    let writer: SseWriter;

    beforeEach(async () => {
      paused = false;
      written = [];
      response = Object.assign(new EventEmitter(), {
        destroyed: false,
        writableNeedDrain: false,
        writeHead: jest.fn(),
        write: (chunk: string) => written.push(chunk) > 0,
        end: jest.fn(),
      });
      const request = {
        method: 'GET',
        httpVersionMajor: 1,
        socket: { setKeepAlive: jest.fn(), setNoDelay: jest.fn(), setTimeout: jest.fn(), isPaused: () => paused },
      };
      writer = new SseWriter({ probeIntervalMs: 10 });
      await writer.stream(request as unknown as IncomingMessage, response as unknown as ServerResponse, NEVER);
    });

    afterEach(() => response.emit('close'));

    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('writes a comment to a paused socket, so a client that left is noticed', async () => {
      paused = true;
      await wait(35);

      expect(written[0]).toBe('\n');
      expect(written.slice(1).length).toBeGreaterThan(0);
      expect(new Set(written.slice(1))).toEqual(new Set([': \n\n']));
    });

    it('writes nothing to a socket that is read from', async () => {
      await wait(35);

      expect(written).toEqual(['\n']);
    });

    it('stops probing once the connection is closed', async () => {
      response.emit('close');
      paused = true;
      await wait(35);

      expect(written).toEqual(['\n']);
      expect(writer.connectionCount).toBe(0);
    });
  });

  describe('clientMessageOf', () => {
    it.each([
      ['an HttpException: its message', new ServiceUnavailableException('order is down'), 'order is down'],
      ['an HttpException with order\'s body: its message', new HttpException({ message: 'bad' }, 400), 'bad'],
      ['an HttpException wrapping an Error: the status text', new BadGatewayException(new Error('secret')), 'Bad Gateway'],
      ['an HTTP-like error: its message', Object.assign(new Error('too big'), { statusCode: 413 }), 'too big'],
      ['any other error: nothing about it', new Error('connection string with a password'), 'Internal server error'],
      ['not even an error', undefined, 'Internal server error'],
    ])('tells the client, for %s', (_case, error, message) => {
      expect(clientMessageOf(error)).toBe(message);
    });
  });
});
