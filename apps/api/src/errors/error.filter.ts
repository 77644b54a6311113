import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/** An error as the handlers raise it: a stable code, a sentence for people, and the parameter at fault. */
interface ErrorBody {
  error: string;
  message: string;
  parameter?: string;
}

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): unknown;
  end(): void;
}

interface HttpRequest {
  originalUrl?: string;
  headers?: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

/** A partner token's shape (libs/access), and `Bearer <anything>`: cut from anything logged. */
const TOKEN_SHAPE = /cs1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER = /\bBearer\s+\S+/gi;

/**
 * A line about a failed request with the request's credentials taken out: the values of its
 * Authorization and x-api-key headers and of `?key=` (wherever they appear, e.g. quoted in a
 * driver's message), any partner-token-shaped text and any `Bearer ...`.
 */
export function redactCredentials(line: string, request?: HttpRequest): string {
  const values = [request?.headers?.authorization, request?.headers?.['x-api-key'], request?.query?.key]
    .flat()
    .filter((v): v is string => typeof v === 'string' && v.length >= 4);
  let out = line;
  for (const v of values) out = out.split(v).join('[redacted]');
  return out.replace(TOKEN_SHAPE, 'cs1.[redacted]').replace(BEARER, 'Bearer [redacted]');
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
 * The one place errors become HTTP responses: RFC 9457 problem details (problem.ts), whose
 * `error` member keeps the api's stable codes. Never a stack trace, never an exception's internals (a Redis or Kafka error can carry hosts and
 * credentials in its message), so anything that is not an HttpException is logged and answered
 * with a generic 500. Nothing about the request is logged but that exception's name and message,
 * with the request's credentials cut out (redactCredentials): tokens and keys never reach a log.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const request = host.switchToHttp().getRequest<HttpRequest | undefined>();
    const { status, body } = this.describe(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    if ('error' in body && typeof body.error === 'string' && typeof body.message === 'string') {
      const e = body as ErrorBody;
      // Express's json() would set application/json; the problem type is set first and kept.
      response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
      response
        .status(status)
        .json(toProblem(status, e.error, e.message, request?.originalUrl ?? '/', e.parameter));
      return;
    }
    response.status(status).json(body);
  }

  private describe(
    exception: unknown,
    request?: HttpRequest,
  ): { status: number; body: ErrorBody | Record<string, unknown> } {
    // Nest's Express adapter wraps body-parser errors in a BadRequestException whose message is the
    // parser's (a JSON SyntaxError quotes the body): answer with a fixed sentence instead.
    const parserFailure = bodyParserFailure(exception instanceof HttpException ? exception.cause : exception);
    if (parserFailure) return parserFailure;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null) {
        const r = raw as Record<string, unknown>;
        // Readiness answers 503 with its own probe body ({ status, redis, kafka, ... }).
        if (typeof r.status === 'string' && r.error === undefined) return { status, body: r };
        const code =
          typeof r.error === 'string' && /^[a-z-]+$/.test(r.error) ? r.error : (CODES[status] ?? 'error');
        const text =
          typeof r.message === 'string'
            ? r.message
            : Array.isArray(r.message)
              ? r.message.join('; ')
              : exception.message;
        // Nest's unknown-route message quotes the URL, query included, where a `?key=` may sit.
        const message = /^Cannot [A-Z]+ /.test(text) ? text.replace(/\?.*$/, '') : text;
        const body: ErrorBody = { error: code, message };
        if (typeof r.parameter === 'string') body.parameter = r.parameter;
        return { status, body };
      }
      return {
        status,
        body: { error: CODES[status] ?? 'error', message: typeof raw === 'string' ? raw : exception.message },
      };
    }
    // Name and message only: a stack trace tells an attacker who reads the logs the code's layout
    // and adds nothing an operator needs to see that Redis or Kafka is down.
    this.logger.error(
      redactCredentials(
        exception instanceof Error
          ? `${exception.name}: ${exception.message}`
          : `a thrown ${typeof exception}`,
        request,
      ),
    );
    return { status: 500, body: { error: 'internal', message: 'internal error (logged on the server)' } };
  }
}

/** body-parser errors (malformed JSON, too large) carry a 4xx status and a fixed type. */
function bodyParserFailure(error: unknown): { status: number; body: ErrorBody } | undefined {
  const e = error as { status?: unknown; type?: unknown } | undefined;
  if (typeof e?.status !== 'number' || typeof e.type !== 'string' || e.status < 400 || e.status >= 500) {
    return undefined;
  }
  const message =
    e.type === 'entity.parse.failed'
      ? 'the request body is not valid JSON'
      : e.type === 'entity.too.large'
        ? 'the request body is too large (16 KiB at most)'
        : 'the request body was rejected';
  return { status: e.status, body: { error: CODES[e.status] ?? 'bad-request', message } };
}
