import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, ListEventsQuery, OrderEventDto } from '@mini-commerce/contracts';
import { OrderEventRepository } from '@mini-commerce/order-persistence';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: OrderEventRepository) {}

  @Get()
  @ApiOperation({ summary: 'Event history: the replay source for SSE clients that reconnect.' })
  @ApiOkResponse({ type: OrderEventDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: ListEventsQuery): Promise<OrderEventDto[]> {
    return query.after === undefined
      ? this.events.listLatest(query.limit)
      : this.events.listAfter(query.after, query.limit);
  }
}
