/**
 * RFC 9457 problem details, the body of every error the api answers (`application/problem+json`).
 * `error` (the stable code the api has always sent) and `parameter` are extension members, so a
 * client that switched on `error` keeps working.
 */
export interface Problem {
  /** `urn:capscore:problem:<code>`: names the kind of problem; a URN, since no page is served for it. */
  type: string;
  title: string;
  status: number;
  /** For people: what went wrong with this request; never a stack trace. */
  detail: string;
  /** The request path (without the query, which may carry a key). */
  instance: string;
  error: string;
  parameter?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Titles are per status: the same for every occurrence, as RFC 9457 §3.1.4 asks. */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function toProblem(
  status: number,
  code: string,
  detail: string,
  path: string,
  parameter?: string,
): Problem {
  const problem: Problem = {
    type: `urn:capscore:problem:${code}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    instance: path.split('?')[0] ?? path,
    error: code,
  };
  if (parameter !== undefined) problem.parameter = parameter;
  return problem;
}
