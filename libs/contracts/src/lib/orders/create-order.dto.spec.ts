import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import fc from 'fast-check';
import { CreateOrderDto } from './create-order.dto';
import { ORDER_LIMITS } from './order-limits';

/** The options the services' global ValidationPipe uses. */
const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true };

const validOrder = { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000 };

async function check(body: Record<string, unknown>) {
  const dto = plainToInstance(CreateOrderDto, body);
  const errors = await validate(dto, PIPE_OPTIONS);
  return { dto, messages: errors.flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe('CreateOrderDto', () => {
  it('accepts a valid order and trims both names', async () => {
    const { dto, messages } = await check({
      ...validOrder,
      customerName: '  Siti Rahma ',
      productName: '\tKopi Gayo 250 g\n',
    });

    expect(messages).toEqual([]);
    expect(dto).toMatchObject(validOrder);
  });

  it.each([
    ['customerName', ''],
    ['customerName', '   '],
    ['customerName', 'x'.repeat(ORDER_LIMITS.textMaxLength + 1)],
    ['customerName', 42],
    ['productName', ''],
    ['productName', ' \t '],
    ['productName', 'x'.repeat(ORDER_LIMITS.textMaxLength + 1)],
    ['quantity', 0],
    ['quantity', ORDER_LIMITS.quantityMax + 1],
    ['quantity', 1.5],
    ['quantity', '2'],
    ['amount', 0],
    ['amount', 10_000.5],
    ['amount', '50000'],
    ['amount', ORDER_LIMITS.amountMax + 1],
  ])('rejects %s = %j with one message naming the field', async (field, value) => {
    const { messages } = await check({ ...validOrder, [field]: value });

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${field} `));
  });

  it('reports a string amount as a type error, not as out of range', async () => {
    const { messages } = await check({ ...validOrder, amount: '5' });

    expect(messages).toEqual(['amount must be an integer number']);
  });

  it('names every bad field at once', async () => {
    const { messages } = await check({ customerName: ' ', productName: 'Teh', quantity: 0, amount: -1 });

    expect(messages.map((message) => message.split(' ')[0]).sort()).toEqual(['amount', 'customerName', 'quantity']);
  });

  it('rejects a property the contract does not know', async () => {
    const { messages } = await check({ ...validOrder, x: 1 });

    expect(messages).toEqual(['property x should not exist']);
  });

  describe('properties', () => {
    const name = fc
      .string({ minLength: 1, maxLength: ORDER_LIMITS.textMaxLength })
      .filter((text) => text.trim().length > 0);

    it('accepts any in-range integers with non-empty names of at most 100 characters', async () => {
      await fc.assert(
        fc.asyncProperty(
          name,
          name,
          fc.integer({ min: ORDER_LIMITS.quantityMin, max: ORDER_LIMITS.quantityMax }),
          fc.integer({ min: ORDER_LIMITS.amountMin, max: ORDER_LIMITS.amountMax }),
          async (customerName, productName, quantity, amount) => {
            const { dto, messages } = await check({ customerName, productName, quantity, amount });

            expect(messages).toEqual([]);
            expect(dto.customerName).toBe(customerName.trim());
            expect(dto.productName).toBe(productName.trim());
          },
        ),
      );
    });

    it('rejects any amount that is not an integer in [1, 1e9], naming amount', async () => {
      const badAmount = fc.oneof(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: ORDER_LIMITS.amountMin - 1 }),
        fc.integer({ min: ORDER_LIMITS.amountMax + 1, max: Number.MAX_SAFE_INTEGER }),
        fc.double().filter((amount) => !Number.isInteger(amount)),
      );

      await fc.assert(
        fc.asyncProperty(badAmount, async (amount) => {
          const { messages } = await check({ ...validOrder, amount });

          expect(messages).toHaveLength(1);
          expect(messages[0]).toMatch(/^amount /);
        }),
      );
    });
  });
});
