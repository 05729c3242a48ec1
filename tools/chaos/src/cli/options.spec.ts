import { parseOptions } from './options';
import { LONG_PROFILE, SHORT_PROFILE } from './profiles';

describe('parseOptions', () => {
  it('runs the long profile by default and the short one with --short', () => {
    expect(parseOptions([])).toMatchObject({ profile: LONG_PROFILE });
    expect(parseOptions(['--short'])).toMatchObject({ profile: SHORT_PROFILE });
  });

  it('takes a seed, a rate and an output directory', () => {
    const options = parseOptions(['--short', '--seed=42', '--rate=10', '--out=/tmp/chaos-x']);

    expect(options).toEqual({ profile: { ...SHORT_PROFILE, ordersPerSecond: 10 }, seed: 42, outDir: '/tmp/chaos-x' });
  });

  it.each([['--seed=abc'], ['--rate=0'], ['--bogus'], ['--out=']])('rejects %s, naming it', (arg) => {
    expect(() => parseOptions([arg])).toThrow(`unknown or malformed option "${arg}"`);
  });

  it('answers help', () => {
    expect(parseOptions(['--help'])).toBe('help');
  });
});
