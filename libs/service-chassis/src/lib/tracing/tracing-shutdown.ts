import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './start-tracing';

/**
 * Exports the spans still batched when the app closes. A Nest hook, not a signal handler of
 * its own: Nest's shutdown hooks re-raise SIGTERM after closing, and an extra listener would
 * keep the process from dying of it.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}
