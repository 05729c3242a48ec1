import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The request's correlation id, as assigned by the logging middleware. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ id: string }>();
  return String(request.id);
});
