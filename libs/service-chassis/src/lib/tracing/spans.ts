import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type SpanKind,
} from '@opentelemetry/api';
import { CORRELATION_ID_ATTRIBUTE } from './correlation-attribute';

export { CORRELATION_ID_ATTRIBUTE };

/** W3C trace context, carried inside message envelopes (`TracedMessage`): Nest TCP has no headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

// The API alone, which every service loads anyway (prom-client uses it): without a registered
// SDK (tracing off) every call below is a cheap no-op.
const tracer = trace.getTracer('mini-commerce');

/** The active trace context, to put into an outgoing message; empty when tracing is off. */
export function activeTraceContext(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export interface SpanOptions {
  kind: SpanKind;
  /** The request's or job's; a span serving a batch of them has none. */
  correlationId?: string;
  attributes?: Attributes;
  /** The trace context a message carried: the span continues the sender's trace. */
  remoteParent?: TraceCarrier;
  /** The trace contexts of a batch's messages: a span has one parent, so it links to each. */
  links?: TraceCarrier[];
}

/** Runs `work` in a new span, active while it runs; a rejection marks the span as failed. */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const parent = options.remoteParent ? propagation.extract(context.active(), options.remoteParent) : context.active();
  const attributes = { ...(options.correlationId && { [CORRELATION_ID_ATTRIBUTE]: options.correlationId }), ...options.attributes };
  const links = (options.links ?? []).flatMap(linkTo);
  return tracer.startActiveSpan(name, { kind: options.kind, attributes, links }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

function linkTo(carrier: TraceCarrier): Link[] {
  const linked = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
  return linked ? [{ context: linked }] : [];
}
