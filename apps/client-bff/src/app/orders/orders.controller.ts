import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ThrottlerGuard } from '@nestjs/throttler';
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
  ApiTooManyRequestsResponse,
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
import { OrderApiClient } from '../order-api/order-api.client';

/** The browser's view of orders; every call is forwarded to the order service. */
@ApiTags('orders')
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The order service cannot be reached.' })
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orderApi: OrderApiClient) {}

  @Post()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Check out: creates a pending order; follow it on /api/events.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Rate limit per client address; see Retry-After.' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'Same key + same body → same order.' })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The Idempotency-Key was used for a different order.' })
  async create(
    @Body() body: CreateOrderDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey?: string,
  ): Promise<OrderDto> {
    const { order, replayed } = await this.orderApi.createOrder(body, correlationId, idempotencyKey);
    if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return order;
  }

  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: ListOrdersQuery, @CorrelationId() correlationId: string): Promise<OrderPageDto> {
    return this.orderApi.listOrders(query, correlationId);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  findOne(@Param('id', uuidParam('id')) id: string, @CorrelationId() correlationId: string): Promise<OrderDto> {
    return this.orderApi.getOrder(id, correlationId);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The order's journey: every event, oldest first." })
  @ApiOkResponse({ type: OrderEventDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  journey(@Param('id', uuidParam('id')) id: string, @CorrelationId() correlationId: string): Promise<OrderEventDto[]> {
    return this.orderApi.orderJourney(id, correlationId);
  }
}
