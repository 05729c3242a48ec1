import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type {} from '@fastify/static'; // reply.sendFile
import type { FastifyReply } from 'fastify';
import { PUBLIC_DIR } from './serve-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/**
 * `/orders/<uuid>` is the journey page of one order: a static page whose script
 * reads the id from the URL and asks /api/orders/:id/events for the hops.
 */
@ApiExcludeController()
@Controller('orders')
export class JourneyPageController {
  @Get(':id')
  journey(@Param('id') id: string, @Res() reply: FastifyReply): void {
    if (!UUID.test(id)) throw new NotFoundException(`no page at /orders/${id}`);
    void reply.header('cache-control', 'no-cache').sendFile('journey.html', PUBLIC_DIR);
  }
}
