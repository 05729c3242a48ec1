import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ListOrdersQuery } from './list-orders.query';
import { OrderStatus } from './order-status.enum';

const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true };

/** Query strings arrive as strings, exactly as Express parses them. */
async function parse(query: Record<string, string>) {
  const dto = plainToInstance(ListOrdersQuery, query);
  const errors = await validate(dto, PIPE_OPTIONS);
  return { dto, messages: errors.flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe('ListOrdersQuery', () => {
  it('turns limit into a number and keeps a known status', async () => {
    const { dto, messages } = await parse({ limit: '20', status: OrderStatus.Paid });

    expect(messages).toEqual([]);
    expect(dto).toMatchObject({ limit: 20, status: OrderStatus.Paid });
  });

  it.each([
    ['limit', '0'],
    ['limit', 'abc'],
    ['limit', '201'],
    ['status', 'shipped'],
  ])('rejects %s=%s with a message naming the field', async (field, value) => {
    const { messages } = await parse({ [field]: value });

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${field} `));
  });
});
