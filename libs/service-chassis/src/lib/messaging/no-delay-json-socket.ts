import type { Socket } from 'node:net';
import { JsonSocket } from '@nestjs/microservices';

/**
 * Nest's TCP framing with Nagle's algorithm off. With it on, a reply written while
 * the peer still holds back its ACK (Linux delays ACKs by up to 40 ms) waits for
 * that ACK: a worker charging a batch saw all but the first two replies of each
 * batch arrive 40 ms late (docs/performance.md). Messages here are small and
 * latency-bound; there is nothing for Nagle to save.
 */
export class NoDelayJsonSocket extends JsonSocket {
  constructor(socket: Socket) {
    super(socket);
    socket.setNoDelay(true);
  }
}
