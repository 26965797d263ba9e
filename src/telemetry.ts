import { Attributes, context, createContextKey, INVALID_SPAN_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from './logger';

/**
 * Traces: one span per turn, per store call and per Teams call, and one per delivery round.
 * They carry the dispute's reference and id, the kind of activity or call, and outcomes; never
 * a child's details, a case reference, initials or anything a person typed. Without an
 * Application Insights connection string no SDK is loaded and every span is a no-op.
 */
const TRACER = 'professional-disagreements-bot';
const REFERENCE = createContextKey('dispute.reference');

/** A name the bot itself chose (a card verb, an activity name), or nothing if a caller made it up. */
export function safeName(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z][\w./-]{0,79}$/.test(value) ? value : '';
}

/** Whether spans are recorded: only once the Azure Monitor distro has started. */
let tracing = false;
/** The span `work` is given while nothing is recorded: it records nothing. */
const NOT_RECORDED = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Run `work` in a span; spans made inside it carry the dispute reference set by `forDispute`. */
export function traced<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  // Without telemetry, no span, no context and no attribute objects on every store and Teams call.
  if (!tracing) return work(NOT_RECORDED);
  const reference = context.active().getValue(REFERENCE);
  const all = typeof reference === 'string' ? { ...attributes, 'dispute.reference': reference } : attributes;
  // Looked up on each call: a tracer taken before the SDK started would stay a no-op.
  return trace.getTracer(TRACER).startActiveSpan(name, { kind, attributes: all }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      // The error's kind only: a message could quote what it failed on.
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span around one call to Cosmos DB. */
export function storeCall<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return traced(name, { 'db.system': 'cosmosdb', ...attributes }, work);
}

/** Say which dispute the current span is about, and run `work` with spans inside it saying so too. */
export function forDispute<T>(reference: string, work: () => T): T {
  trace.getActiveSpan()?.setAttribute('dispute.reference', reference);
  return context.with(context.active().setValue(REFERENCE, reference), work);
}

/** Mark the span in progress as about a dispute (once the dispute is read). */
export function noteDispute(reference: string | undefined, disputeId?: string): void {
  const span = trace.getActiveSpan();
  if (reference) span?.setAttribute('dispute.reference', reference);
  if (disputeId) span?.setAttribute('dispute.id', disputeId);
}

/**
 * Start Azure Monitor OpenTelemetry (the distro) when a connection string is set: traces of
 * incoming requests and outgoing HTTP (Teams, Cosmos DB) from its instrumentations, and the
 * bot's own spans above. Loaded only when used. Returns how to flush and stop it.
 */
export async function startTelemetry(connectionString: string, log: Logger): Promise<() => Promise<void>> {
  if (!connectionString) return async () => undefined;
  // require, not import(): the CommonJS build, sharing this module's @opentelemetry/api.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    // A partnership's bot sees a few turns a minute: keep every trace. (The distro's default
    // of 5 traces a second samples spans one by one and drops the bot's own.)
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: {
        enabled: true,
        // Health probes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (request: { url?: string }) => /^\/(healthz|readyz)\b/.test(request.url ?? ''),
      } as never,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  tracing = true;
  log.info({ endpoint: /IngestionEndpoint=([^;]+)/i.exec(connectionString)?.[1] ?? 'default' }, 'telemetry: Azure Monitor OpenTelemetry on');
  return async () => {
    tracing = false;
    await shutdownAzureMonitor();
  };
}

export { SpanKind };
