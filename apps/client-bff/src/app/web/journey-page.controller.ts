import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the built pages live: next to main.js, as `main.ts` serves them. */
export const PUBLIC_DIR = join(__dirname, 'public');

/**
 * `/orders/<uuid>` is the journey page of one order: a static page whose script
 * reads the id from the URL and asks /api/orders/:id/events for the hops.
 */
@ApiExcludeController()
@Controller('orders')
export class JourneyPageController {
  @Get(':id')
  journey(@Param('id') id: string, @Res() response: Response): void {
    if (!UUID.test(id)) throw new NotFoundException(`no page at /orders/${id}`);
    response.sendFile('journey.html', { root: PUBLIC_DIR, headers: { 'cache-control': 'no-cache' } });
  }
}
