import { randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListOrdersQuery } from '@mini-commerce/contracts';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('order cursor', () => {
  it('decodes to the position of the order it was made from', () => {
    const last = { createdAt: 1_795_314_543_405, id: randomUUID() };

    expect(decodeOrderCursor(encodeOrderCursor(last))).toEqual(last);
  });

  it('is a value the list query accepts as ?cursor=', () => {
    const cursor = encodeOrderCursor({ createdAt: 1_795_314_543_405, id: randomUUID() });

    const query = plainToInstance(ListOrdersQuery, { cursor });

    expect(validateSync(query)).toEqual([]);
  });

  it.each([
    ['random text', 'garbage'],
    ['an empty string', ''],
    ['no id', base64url('1795314543405')],
    ['an id that is not a UUID', base64url('1795314543405|order-1')],
    ['a negative time', base64url(`-5|${randomUUID()}`)],
    ['a time that is not a whole number', base64url(`1795314543405.5|${randomUUID()}`)],
    ['a time beyond 15 digits', base64url(`1234567890123456|${randomUUID()}`)],
    ['the fields swapped', base64url(`${randomUUID()}|1795314543405`)],
  ])('rejects %s as a bad request', (_case, cursor) => {
    const decoding = () => decodeOrderCursor(cursor);

    expect(decoding).toThrow(BadRequestException);
    expect(decoding).toThrow('cursor must be a cursor returned by this endpoint');
  });
});
