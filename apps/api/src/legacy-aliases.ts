/** The parts of an Express request and response the alias middleware touches. */
interface AliasRequest {
  url: string;
}
interface AliasResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * The routes before /v1 (2026-11-28) that stay for one release as aliases of their /v1 form.
 * Health, metrics and the dashboard were never versioned and stay where probes, scrapers and
 * bookmarks expect them.
 */
const LEGACY = /^\/(partners|designations|events\/designations|admin\/clock|openapi\.json)(?=[/?]|$)/;

/** The /v1 path a pre-/v1 path is an alias of, or null when it is not one. */
export function v1PathOf(url: string): string | null {
  return LEGACY.test(url) ? `/v1${url}` : null;
}

/**
 * Express middleware, installed before the router: a request to an unversioned alias is routed
 * as its /v1 path (same guard, same handler, same answer), and the answer says it is deprecated
 * (RFC 9745 `Deprecation`, RFC 8594 `Sunset` is left out: the release that drops them is not
 * dated yet) with a `Link` to the successor.
 */
export function legacyAliases(request: AliasRequest, response: AliasResponse, next: () => void): void {
  const v1 = v1PathOf(request.url);
  if (v1 !== null) {
    response.setHeader('Deprecation', 'true');
    response.setHeader('Link', `<${v1.split('?')[0] ?? v1}>; rel="successor-version"`);
    request.url = v1;
  }
  next();
}
