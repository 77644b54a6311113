import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';

/** Every error body of the api: a stable code, a sentence for people, and the parameter at fault. */
export interface ErrorBody {
  error: string;
  message: string;
  parameter?: string;
}

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): void;
  end(): void;
}

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  503: 'unavailable',
};

/**
 * The one place errors become HTTP responses. Bodies are `{ error, message[, parameter] }`:
 * never a stack trace, never an exception's internals (a Redis or Kafka error can carry hosts and
 * credentials in its message), so anything that is not an HttpException is logged and answered
 * with a generic 500.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const { status, body } = this.describe(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: ErrorBody | Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null) {
        const r = raw as Record<string, unknown>;
        // Readiness answers 503 with its own probe body ({ status, redis, kafka, ... }).
        if (typeof r.status === 'string' && r.error === undefined) return { status, body: r };
        const code = typeof r.error === 'string' && /^[a-z-]+$/.test(r.error) ? r.error : (CODES[status] ?? 'error');
        const message = typeof r.message === 'string' ? r.message : Array.isArray(r.message) ? r.message.join('; ') : exception.message;
        const body: ErrorBody = { error: code, message };
        if (typeof r.parameter === 'string') body.parameter = r.parameter;
        return { status, body };
      }
      return { status, body: { error: CODES[status] ?? 'error', message: typeof raw === 'string' ? raw : exception.message } };
    }
    // body-parser errors (malformed JSON, too large) carry a 4xx status and a fixed type.
    const e = exception as { status?: unknown; type?: unknown };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const message =
        e.type === 'entity.parse.failed' ? 'the request body is not valid JSON'
        : e.type === 'entity.too.large' ? 'the request body is too large (16 KiB at most)'
        : 'the request body was rejected';
      return { status: e.status, body: { error: CODES[e.status] ?? 'bad-request', message } };
    }
    // Name and message only: a stack trace tells an attacker who reads the logs the code's layout
    // and adds nothing an operator needs to see that Redis or Kafka is down.
    this.logger.error(exception instanceof Error ? `${exception.name}: ${exception.message}` : `a thrown ${typeof exception}`);
    return { status: 500, body: { error: 'internal', message: 'internal error (logged on the server)' } };
  }
}
