import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

/** One span as an OTLP/HTTP JSON export carries it, flattened with its service's name. */
export interface ReceivedSpan {
  service: string;
  /** The instrumentation that made it, e.g. `@opentelemetry/instrumentation-mysql2`. */
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Code 2 is an error. */
  status?: { code?: number; message?: string };
  attributes: Record<string, unknown>;
  /** Other spans this one serves, e.g. each message of a batch. */
  links?: { traceId: string; spanId: string }[];
}

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}

interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name: string }; spans?: (Omit<ReceivedSpan, 'service' | 'scope' | 'attributes'> & { attributes?: KeyValue[] })[] }[];
  }[];
}

const attributesOf = (list: KeyValue[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));

/** A trace collector for tests: accepts OTLP/HTTP JSON on POST /v1/traces and keeps every span. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Anything but a JSON export (wrong path, protobuf...): a test should expect none. */
  readonly rejected: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const accepted = request.method === 'POST' && request.url === '/v1/traces' && /json/.test(request.headers['content-type'] ?? '');
      if (!accepted) receiver.rejected.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      else receiver.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest);
      response.writeHead(accepted ? 200 : 415, { 'content-type': 'application/json' }).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT: exporters append /v1/traces. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private collect(body: ExportRequest): void {
    for (const { resource, scopeSpans = [] } of body.resourceSpans ?? []) {
      const service = String(attributesOf(resource?.attributes)['service.name']);
      for (const { scope, spans = [] } of scopeSpans)
        for (const span of spans)
          this.spans.push({ ...span, service, scope: scope?.name ?? '', attributes: attributesOf(span.attributes) });
    }
  }
}
