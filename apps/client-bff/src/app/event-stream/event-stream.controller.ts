import { BadRequestException, Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, ResumePoint } from '@mini-commerce/contracts';
import { EventStreamQuery } from './event-stream-query';
import { EventStreamService } from './event-stream.service';
import { LiveEventsService } from './live-events.service';
import { SseWriter } from './sse-writer';

/** How soon a client turned away during shutdown reconnects, in ms. */
const SHUTDOWN_RETRY_MS = 1_000;

@ApiTags('events')
@Controller('api/events')
export class EventStreamController {
  constructor(
    private readonly stream: EventStreamService,
    private readonly live: LiveEventsService,
    /** Writes the frames straight to the responses: one rendering per event, for every connection. */
    private readonly writer: SseWriter,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Server-Sent Events: every order event, live.',
    description:
      'Each message has `id:` (where to resume: the event row id, or `42 except 38,40-41` while lower ids may ' +
      'still commit), `event:` (type) and JSON `data:` (the event, with its own `id`). Reconnect with ' +
      '`Last-Event-ID` (browsers do it for you) or `?after=` to receive every missed event first. Without either, ' +
      'the latest 50 events are replayed before the live stream.',
  })
  @ApiHeader({
    name: 'last-event-id',
    required: false,
    description: 'The `id:` of the last message received: `42`, or `42 except 38,40-41`.',
  })
  @ApiOkResponse({ description: 'text/event-stream' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Last-Event-ID or after is not an `id:` of this stream.',
  })
  events(
    @Query() query: EventStreamQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> | void {
    if (!this.live.accepting) {
      // An error status would make EventSource give up for good; a valid stream that
      // ends at once, with a short retry and the connection closed, makes it reconnect
      // (to another replica, or to this one once it is back).
      this.writer.reconnect(reply.raw, SHUTDOWN_RETRY_MS, 'this server is shutting down');
      return;
    }
    // Throws (400) before anything is read or sent.
    const after = resumePointFrom(lastEventId, query.after);
    // Written straight to Node's response; Fastify sends nothing once the headers are out.
    return this.writer.stream(request.raw, reply.raw, this.stream.streamFrom(after));
  }
}

/** Where the client resumes: Last-Event-ID (sent by EventSource itself) before `?after=`. */
function resumePointFrom(lastEventId: string | undefined, after: string | undefined): ResumePoint | undefined {
  if (lastEventId !== undefined && lastEventId !== '') return parsed('Last-Event-ID', lastEventId);
  return after === undefined ? undefined : parsed('after', after);
}

function parsed(field: string, text: string): ResumePoint {
  const point = ResumePoint.parse(text);
  if (!point) {
    throw new BadRequestException(
      `${field} must be an event id, or one followed by ' except ' and the lower ids still missing (42 except 38,40-41)`,
    );
  }
  return point;
}
