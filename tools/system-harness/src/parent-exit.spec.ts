import { whenParentExits } from './parent-exit';

describe('whenParentExits', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls back once, after the parent pid has changed, and not while it stays', () => {
    let parent = 4242;
    const onExit = jest.fn();
    whenParentExits(onExit, 500, () => parent);

    jest.advanceTimersByTime(2_000);
    expect(onExit).not.toHaveBeenCalled();

    parent = 1; // re-parented to init: the parent is gone
    jest.advanceTimersByTime(500);
    jest.advanceTimersByTime(5_000);
    expect(onExit).toHaveBeenCalledTimes(1);
  });
});
