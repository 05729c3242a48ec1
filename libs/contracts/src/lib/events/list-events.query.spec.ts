import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EVENT_PAGE_MAX, ListEventsQuery } from './list-events.query';

const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true };

/** Query strings arrive as strings, exactly as Express parses them. */
async function parse(query: Record<string, string>) {
  const dto = plainToInstance(ListEventsQuery, query);
  const errors = await validate(dto, PIPE_OPTIONS);
  return { dto, messages: errors.flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe('ListEventsQuery', () => {
  it('accepts after=0 and the largest page, as numbers', async () => {
    const { dto, messages } = await parse({ after: '0', limit: String(EVENT_PAGE_MAX) });

    expect(messages).toEqual([]);
    expect(dto).toMatchObject({ after: 0, limit: EVENT_PAGE_MAX });
  });

  it.each([
    ['limit', '0'],
    ['limit', 'abc'],
    ['limit', String(EVENT_PAGE_MAX + 1)],
    ['after', '-1'],
    ['after', 'abc'],
    ['after', '2.5'],
  ])('rejects %s=%s with a message naming the field', async (field, value) => {
    const { messages } = await parse({ [field]: value });

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${field} `));
  });
});
