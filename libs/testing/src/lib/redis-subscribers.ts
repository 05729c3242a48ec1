import Redis from 'ioredis';
import { TEST_REDIS_URL } from './test-infrastructure';

/** How many connections subscribe to each channel on the test Redis, in the channels' order. */
export async function redisSubscriberCounts(channels: readonly string[]): Promise<number[]> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    // PUBSUB NUMSUB answers [channel, count, channel, count, …].
    const answer = (await redis.call('PUBSUB', 'NUMSUB', ...channels)) as Array<string | number>;
    return answer.filter((_, index) => index % 2 === 1).map(Number);
  } finally {
    redis.disconnect();
  }
}
