/*
 * OpenTelemetry bootstrap. Deliberately imports none of OpenTelemetry: with tracing off none
 * of the SDK is loaded, and with it on the SDK is required here, before Nest, express, mysql2
 * and ioredis load, so the instrumentations' require hooks see them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sampler } from '@opentelemetry/sdk-trace-node';
import { CORRELATION_ID_ATTRIBUTE } from './correlation-attribute';

/** CORRELATION_ID_HEADER of the contracts, whose barrel would load class-validator and more here. */
const CORRELATION_ID_HEADER = 'x-correlation-id';

let stopTracing: (() => Promise<void>) | undefined;

/** Tracing is on only when an OTLP endpoint is configured (the standard variables). */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim());
}

/**
 * Starts exporting traces over OTLP/HTTP when an endpoint is configured; returns whether it did.
 * Call it before anything else is imported. OTEL_SERVICE_NAME overrides `serviceName`, and
 * the other OTEL_* variables (OTEL_BSP_*, OTEL_TRACES_SAMPLER, headers...) apply as specified.
 */
export function startTracing(serviceName: string): boolean {
  if (stopTracing) return true;
  if (!tracingEnabled()) return false;
  // Required here, not imported at the top: see the top of the file.
  const { SpanKind } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { detectResources, envDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const express = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');

  // A trace starts where work enters a service (a request, a job), never at a bare outgoing
  // call: that drops the worker's idle claim queries and the BFF's history catch-up polls
  // (and, through the unsampled traceparent, order's side of them), which would otherwise
  // bury the orders' traces. OTEL_TRACES_SAMPLER, when set, replaces this.
  const notOrphanClientCalls: Sampler = {
    shouldSample: (_context, _traceId, _name, kind) => ({
      decision: kind === SpanKind.CLIENT ? sdk.SamplingDecision.NOT_RECORD : sdk.SamplingDecision.RECORD_AND_SAMPLED,
    }),
    toString: () => 'NotOrphanClientCalls',
  };

  const provider = new sdk.NodeTracerProvider({
    // Later resources win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the app's name.
    resource: resourceFromAttributes({ 'service.name': serviceName }).merge(detectResources({ detectors: [envDetector] })),
    sampler: process.env['OTEL_TRACES_SAMPLER'] ? undefined : new sdk.ParentBasedSampler({ root: notOrphanClientCalls }),
    // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS; the batch delay etc. come from OTEL_BSP_*.
    spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register(); // AsyncLocalStorage context and W3C traceparent propagation
  const unhook = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds are not worth a trace each.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)\b/.test(request.url ?? ''),
        // Runs when the exchange ends, by when every service has echoed the correlation id
        // (minted if the caller sent none) on its response.
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const id = 'getHeader' in response ? response.getHeader(CORRELATION_ID_HEADER) : response.headers[CORRELATION_ID_HEADER];
          if (typeof id === 'string') span.setAttribute(CORRELATION_ID_ATTRIBUTE, id);
        },
      }),
      // Route handlers only: a span per middleware (helmet, body parser, logger...) is noise.
      new express.ExpressInstrumentation({ ignoreLayersType: [express.ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      new MySQL2Instrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  stopTracing = async () => {
    unhook();
    await provider.shutdown(); // exports what is still batched
  };
  return true;
}

/** A collector that is down must not hold up the graceful shutdown: the exporter would wait 10 s. */
const SHUTDOWN_FLUSH_LIMIT_MS = 2_000;

/**
 * Flushes and stops the exporter; a no-op when tracing is off. Nest's shutdown calls it
 * (LoggingModule). Best effort, like all tracing: an export that fails or hangs is dropped.
 */
export async function shutdownTracing(): Promise<void> {
  const stop = stopTracing;
  stopTracing = undefined;
  if (!stop) return;
  await Promise.race([stop().catch(() => undefined), sleep(SHUTDOWN_FLUSH_LIMIT_MS, undefined, { ref: false })]);
}
