import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateOrderDto,
  ErrorResponseDto,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  ListOrdersQuery,
  OrderDto,
  OrderEventDto,
  OrderPageDto,
} from '@mini-commerce/contracts';
import { CorrelationId, uuidParam } from '@mini-commerce/service-chassis';
import { IdempotencyKey } from './idempotency-key.decorator';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({ summary: 'Place an order; payment happens asynchronously.' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Retry-safe checkout: the same key and body return the same order (header `idempotent-replayed: true`).',
  })
  @ApiCreatedResponse({ type: OrderDto, description: 'Stored as `pending` with its payment job queued.' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A field is missing, malformed, out of range or unknown.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The Idempotency-Key was used for a different order.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database is unavailable; nothing was stored.' })
  async create(
    @Body() body: CreateOrderDto,
    @CorrelationId() correlationId: string,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    const { order, replayed } = await this.orders.create(body, correlationId, idempotencyKey);
    if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return order;
  }

  @Get()
  @ApiOperation({ summary: 'List orders, newest first, a page at a time.' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: ListOrdersQuery): Promise<OrderPageDto> {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  findOne(@Param('id', uuidParam('id')) id: string): Promise<OrderDto> {
    return this.orders.findById(id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The order's journey across the services, oldest event first." })
  @ApiOkResponse({ type: OrderEventDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  history(@Param('id', uuidParam('id')) id: string): Promise<OrderEventDto[]> {
    return this.orders.history(id);
  }
}
