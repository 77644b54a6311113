import { type Json, OPERATOR } from './openapi-parts.js';
import { componentSchemas, securitySchemes } from './openapi-components.js';
import { sitePaths } from './openapi-site-paths.js';
import { partnerPaths } from './openapi-partner-paths.js';
import { programPaths } from './openapi-program-paths.js';

/** The api's OpenAPI 3.1 document (GET /openapi.json; docs/openapi.json is a copy). */
export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'capscore api',
      version: '1',
      description:
        'Scores, designation holders, health and metrics of the capscore pipeline, the live feed of designation events and the dashboard. ' +
        'Every route is under /v1; the unversioned paths of earlier releases (/partners, /designations, /events/designations, /admin/clock, /openapi.json) answer the same for one more release, with a Deprecation header. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with the stable code in `error` (and `parameter` on a 400), never a stack trace. ' +
        'Lists page with an opaque cursor (`?limit=&cursor=`, `nextCursor` in the body) and answer CSV for `Accept: text/csv`. ' +
        'Access: the operator key (`x-api-key`, API_KEY) opens every route; a partner token (`Authorization: Bearer`, TOKEN_SIGNING_KEYS) reads its own partner on the routes that list `partnerToken`.',
    },
    components: { schemas: componentSchemas(), securitySchemes: securitySchemes() },
    security: OPERATOR,
    // Spread in document order: docs/openapi.json is a byte-for-byte copy, key order included.
    paths: { ...sitePaths(), ...partnerPaths(), ...programPaths() },
  };
}
