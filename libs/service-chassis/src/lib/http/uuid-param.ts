import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Validates a UUID path parameter with a message that names it. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(`${name} must be a UUID`) });
}
