import { runInNewContext } from 'node:vm';
import { asError } from './as-error';
import { isDatabaseUnavailable } from '../database/database-unavailable';

describe('asError', () => {
  it('returns an Error as it is', () => {
    const error = new Error('boom');

    expect(asError(error)).toBe(error);
  });

  it("makes another realm's error one of this realm, keeping its message and driver code", () => {
    const foreign: unknown = runInNewContext("Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' })");
    expect(foreign instanceof Error).toBe(false);

    const error = asError(foreign);

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('connect ECONNREFUSED 127.0.0.1:3306');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('wraps a thrown string', () => {
    expect(asError('gone')).toEqual(new Error('gone'));
  });
});
