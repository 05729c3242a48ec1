import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OtlpReceiver } from '@mini-commerce/testing';
import { CORRELATION_ID_ATTRIBUTE } from './spans';
import { tracingEnabled } from './start-tracing';

/**
 * Runs a script in a fresh Node process, as a service starts: the SDK registers process-wide
 * globals and require hooks, and its exporter uses dynamic import(), which Jest cannot run.
 */
async function inFreshProcess(script: string, env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: join(__dirname, '../../..'),
    env: { ...clean, TS_NODE_PROJECT: 'tsconfig.lib.json', ...env },
  });
  return JSON.parse(stdout);
}

const CHASSIS = `
  const { SpanKind } = require('@opentelemetry/api');
  const { shutdownTracing, startTracing } = require('./src/lib/tracing/start-tracing');
  const { activeTraceContext, inSpan } = require('./src/lib/tracing/spans');`;

// Each test but the first compiles and starts a Node process: seconds on a busy machine.
jest.setTimeout(30_000);

describe('tracing', () => {
  it('is on only when an OTLP endpoint is set', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toBe(true);
  });

  it('without an endpoint, starts nothing and loads none of the SDK, the whole chassis included', async () => {
    const script = `
      require('tsconfig-paths/register');
      const { startTracing } = require('./src/lib/tracing/start-tracing');
      const started = startTracing('order');
      const { inSpan, activeTraceContext } = require('./src');
      inSpan('payment.charge', { kind: 1 /* SERVER */, correlationId: 'corr-0' }, async () => activeTraceContext()).then((carrier) => {
        // Only the API, a no-op without the SDK, which prom-client loads in every service anyway.
        const loaded = [...new Set(Object.keys(require.cache).flatMap((path) => path.match(/@opentelemetry[/][^/]+/g) ?? []))];
        console.log(JSON.stringify({ started, carrier, loaded }));
      });`;

    expect(await inFreshProcess(script)).toEqual({ started: false, carrier: {}, loaded: ['@opentelemetry/api'] });
  });

  describe('with an endpoint', () => {
    let receiver: OtlpReceiver;

    beforeEach(async () => (receiver = await OtlpReceiver.start()));
    afterEach(() => receiver.close());

    it('exports spans over OTLP/HTTP JSON under the service name, with the correlation id, flushed at shutdown', async () => {
      const script = `${CHASSIS}
        (async () => {
          const started = startTracing('order');
          let carrier;
          await inSpan('payment-job.process', { kind: SpanKind.CONSUMER, correlationId: 'corr-1' }, async () => {
            carrier = activeTraceContext();
          });
          await shutdownTracing();
          console.log(JSON.stringify({ started, carrier }));
        })();`;

      const { started, carrier } = (await inFreshProcess(script, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint })) as {
        started: boolean;
        carrier: object;
      };

      expect(started).toBe(true);
      expect(receiver.rejected).toEqual([]);
      expect(receiver.spans).toHaveLength(1);
      const [span] = receiver.spans;
      expect(span).toMatchObject({ service: 'order', name: 'payment-job.process', kind: 5 });
      expect(span.attributes[CORRELATION_ID_ATTRIBUTE]).toBe('corr-1');
      expect(carrier).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` });
    });

    it('continues the trace a message carries, records failures, and takes OTEL_SERVICE_NAME over the app name', async () => {
      const script = `${CHASSIS}
        (async () => {
          startTracing('payment');
          const remoteParent = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
          await inSpan('payment.charge', { kind: SpanKind.SERVER, correlationId: 'corr-2', remoteParent }, async () => {
            throw new Error('provider unreachable');
          }).catch(() => undefined);
          await shutdownTracing();
          console.log('{}');
        })();`;

      await inFreshProcess(script, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'payment-eu' });

      expect(receiver.spans).toEqual([
        expect.objectContaining({
          service: 'payment-eu',
          name: 'payment.charge',
          traceId: '0af7651916cd43dd8448eb211c80319c',
          parentSpanId: 'b7ad6b7169203331',
          status: { code: 2, message: 'provider unreachable' },
        }),
      ]);
    });

    it('starts no trace at an outgoing call made outside any request or job', async () => {
      const script = `${CHASSIS}
        const { trace } = require('@opentelemetry/api');
        (async () => {
          startTracing('queue-worker');
          const tracer = trace.getTracer('test');
          tracer.startSpan('orphan query', { kind: SpanKind.CLIENT }).end();
          await inSpan('payment-job.process', { kind: SpanKind.CONSUMER, correlationId: 'corr-3' }, async () => {
            tracer.startSpan('query in a job', { kind: SpanKind.CLIENT }).end();
          });
          await shutdownTracing();
          console.log('{}');
        })();`;

      await inFreshProcess(script, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });

      expect(receiver.spans.map((span) => span.name).sort()).toEqual(['payment-job.process', 'query in a job']);
    });
  });
});
