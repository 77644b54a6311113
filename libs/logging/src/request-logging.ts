import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';

/** Headers that carry credentials: their values never reach a log line. */
const CREDENTIAL_HEADERS = new Set(['x-api-key', 'authorization', 'proxy-authorization', 'cookie']);
/** Query parameters that carry credentials (the SSE feed takes the operator key as `?key=`). */
const CREDENTIAL_PARAMETER = /^(key|token|access_token|api[-_]?key)$/i;
export const REDACTED = '[redacted]';
/** Probes and scrapes arrive every few seconds: logged at debug, not info. */
const PROBE_PATH = /^\/(health\/|metrics(\?|$))/;

/** The URL as requested, with the value of every credential query parameter replaced (the rest kept byte for byte). */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pairs = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return CREDENTIAL_PARAMETER.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, at)}?${pairs.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}

/** `GET /v1/partners/p-1/scores?asOf=… 200`: the path as the client sent it (before any rewrite). */
function requestLine(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): string {
  return `${req.method} ${redactUrl(req.originalUrl ?? req.url ?? '')} ${res.statusCode}`;
}

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
}

/**
 * pino-http settings of every capscore HTTP server: one line per request when `requestLogs` is
 * on (method, URL, status, time), and the request's fields on every line logged while it is
 * handled; credentials are cut out of both.
 */
export function httpLogOptions(requestLogs: boolean): Options<IncomingMessage, ServerResponse> {
  return {
    autoLogging: requestLogs,
    quietReqLogger: false,
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        headers: redactHeaders(req.headers),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'warn';
      return PROBE_PATH.test(req.url ?? '') ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => requestLine(req, res),
    customErrorMessage: (req, res) => requestLine(req, res),
  };
}
