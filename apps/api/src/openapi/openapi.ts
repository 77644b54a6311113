import { z } from 'zod';
import {
  ClockMove,
  ClockState,
  DesignationEvent,
  AtRiskList,
  ExpiringCertificationsList,
  DesignationHolders,
  DesignationScoreView,
  DesignationList,
  ErrorBody,
  FeedStatus,
  Live,
  MetricExplanation,
  NearMissList,
  PartnerHistory,
  PartnerPage,
  PartnerScores,
  Readiness,
  TrackScore,
} from './schemas.js';
import { PathSuggestion, QualificationPathView, WhatIfRequest, WhatIfView } from './path-schemas.js';
import { ImpactChangeRow, ImpactJob, ImpactReport } from './impact-schemas.js';

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const json = (description: string, schema: Json): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: ref('Error') } },
});
const UNAUTHORIZED = error(
  'API_KEY is set and neither a right x-api-key header nor a valid partner token was sent (or the token expired or its key was rotated out)',
);
/** Every route a partner token may not use answers it 403 (only the operator key opens them). */
const FORBIDDEN = error('a partner token: this route needs the operator key');
const OPEN: Json[] = [];
/** The operator key only. */
const OPERATOR: Json[] = [{ apiKey: [] }];

const partnerIdParam: Json = {
  name: 'partnerId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
};
/** Cursor paging: `limit` (1..500, default 50) and the `nextCursor` of the page before. */
const PAGING: Json[] = [
  {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: 'the nextCursor of the previous page (opaque)',
  },
];
/** The impact report's pages: up to 1000 gains and losses each. */
const IMPACT_PAGING: Json[] = [
  { ...PAGING[0], schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
  ...PAGING.slice(1),
];
const FORMAT: Json = {
  name: 'format',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['csv'] },
  description: 'csv: the same as Accept: text/csv (for plain links)',
};
/** A list answers JSON, or CSV with Accept: text/csv (RFC 4180, a header row; the next cursor in the Next-Cursor header). */
const list = (description: string, schema: Json): Json => ({
  description,
  headers: {
    'Next-Cursor': {
      description: 'CSV only: the next page’s cursor (absent on the last page)',
      schema: { type: 'string' },
    },
  },
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
});
const designationQuery: Json = {
  name: 'designation',
  in: 'query',
  required: true,
  schema: { type: 'string' },
  description: 'a designation of the program, e.g. security',
};

/** Component schemas from the zod response schemas (a registry keeps the $refs between them). */
function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const add = (schema: z.ZodType, id: string) => registry.add(schema, { id });
  add(ErrorBody, 'Error');
  add(MetricExplanation, 'MetricExplanation');
  add(TrackScore, 'TrackScore');
  add(DesignationScoreView, 'DesignationScore');
  add(PartnerScores, 'PartnerScores');
  add(PartnerPage, 'PartnerPage');
  add(PartnerHistory, 'PartnerHistory');
  add(AtRiskList, 'AtRiskList');
  add(NearMissList, 'NearMissList');
  add(ExpiringCertificationsList, 'ExpiringCertificationsList');
  add(DesignationHolders, 'DesignationHolders');
  add(DesignationList, 'DesignationList');
  add(Live, 'Live');
  add(Readiness, 'Readiness');
  add(ClockState, 'ClockState');
  add(ClockMove, 'ClockMove');
  add(FeedStatus, 'FeedStatus');
  add(DesignationEvent, 'DesignationEvent');
  add(PathSuggestion, 'PathSuggestion');
  add(QualificationPathView, 'QualificationPath');
  add(WhatIfRequest, 'WhatIfRequest');
  add(WhatIfView, 'WhatIf');
  add(ImpactJob, 'ImpactJob');
  add(ImpactChangeRow, 'ImpactChange');
  add(ImpactReport, 'ImpactReport');
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema;
      return [id, rest];
    }),
  );
}

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
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description:
            'required on every route except health, metrics, the dashboard files and this document when API_KEY is set',
        },
        apiKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'GET /events/designations only: browsers cannot set headers on an EventSource',
        },
        partnerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'cs1.<kid>.<payload>.<HMAC-SHA256>',
          description:
            'A partner token (`capscore token issue --partner P`, signed with TOKEN_SIGNING_KEYS): reads partner P on the routes that list this scheme, and nothing else (403). ' +
            'Expired, forged or rotated-out tokens are 401.',
        },
      },
    },
    security: OPERATOR,
    paths: {
      '/': {
        get: {
          operationId: 'dashboard',
          summary: 'The dashboard (HTML; loads /dashboard/app.css and its scripts, no external resources)',
          security: OPEN,
          responses: {
            '200': { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
          },
        },
      },
      '/dashboard/app.js': {
        get: {
          operationId: 'dashboardScript',
          summary: 'The dashboard script',
          security: OPEN,
          responses: {
            '200': {
              description: 'JavaScript',
              content: { 'text/javascript': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/dashboard/chart.js': {
        get: {
          operationId: 'dashboardChart',
          summary: 'The dashboard’s charts (hand-written SVG, no library)',
          security: OPEN,
          responses: {
            '200': {
              description: 'JavaScript',
              content: { 'text/javascript': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/dashboard/worklists.js': {
        get: {
          operationId: 'dashboardWorklists',
          summary: 'The dashboard’s worklist panel (sortable lists, CSV export)',
          security: OPEN,
          responses: {
            '200': {
              description: 'JavaScript',
              content: { 'text/javascript': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/dashboard/app.css': {
        get: {
          operationId: 'dashboardStyles',
          summary: 'The dashboard styles',
          security: OPEN,
          responses: {
            '200': { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } },
          },
        },
      },
      '/v1/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          security: OPEN,
          responses: { '200': json('OpenAPI 3.1', { type: 'object' }) },
        },
      },
      '/health/live': {
        get: {
          operationId: 'live',
          summary: 'The process answers',
          security: OPEN,
          responses: { '200': json('alive', ref('Live')) },
        },
      },
      '/health/ready': {
        get: {
          operationId: 'ready',
          summary: 'Redis answers, Kafka answers with the topics, and a scorer owns partitions',
          security: OPEN,
          responses: {
            '200': json('ready', ref('Readiness')),
            '503': json('not ready; the flags say what is missing', ref('Readiness')),
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary:
            'Prometheus text format: capscore_consumer_lag{topic,partition} of the scorer group, process metrics',
          description:
            'Open, unless TOKEN_SIGNING_KEYS is set: then the operator key only (a partner token is 403).',
          security: [{}, { apiKey: [] }],
          responses: {
            '200': {
              description: 'Prometheus exposition format 0.0.4',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            '401': error('TOKEN_SIGNING_KEYS is set and the operator key is missing or wrong'),
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/partners': {
        get: {
          operationId: 'listPartners',
          summary:
            'Partners the scorer has seen, oldest first; with prefix, every partner whose id starts with it, in id order (paged)',
          parameters: [
            ...PAGING,
            {
              name: 'prefix',
              in: 'query',
              required: false,
              schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
            },
            FORMAT,
          ],
          responses: {
            '200': list('a page of partners', ref('PartnerPage')),
            '400': error('limit, cursor or prefix malformed, or the old offset'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/partners/{partnerId}/history': {
        get: {
          operationId: 'partnerHistory',
          summary:
            'Per designation: the score at the end of each month (total, per category, qualified, held) and the designation events, from `from` to `to`',
          description:
            'Default span: the 24 months before the current one, to now. Kept per partner: the last 25 months with a change and the last 32 events per designation, written by the scorer in the same atomic commit as the partner’s state. ' +
            'A partner token reads its own partner here. CSV: one row per month and per event (`kind`).',
          security: [{ apiKey: [] }, { partnerToken: [] }],
          parameters: [
            partnerIdParam,
            {
              name: 'designation',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: 'one designation (default: all)',
            },
            { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
            FORMAT,
          ],
          responses: {
            '200': list('the history', ref('PartnerHistory')),
            '400': error('partnerId, designation, from or to malformed; `parameter` names it'),
            '401': UNAUTHORIZED,
            '403': error('a partner token for another partner'),
            '404': error('no event of this partner was ever applied'),
          },
        },
      },
      '/v1/worklists/at-risk': {
        get: {
          operationId: 'worklistAtRisk',
          summary:
            'Holders of the designation at risk now (not qualifying, not re-qualified in the renewal window), soonest anniversary first',
          parameters: [designationQuery, ...PAGING, FORMAT],
          responses: {
            '200': list('a page of the worklist', ref('AtRiskList')),
            '400': error('designation missing or unknown, limit or cursor malformed'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/worklists/near-miss': {
        get: {
          operationId: 'worklistNearMiss',
          summary:
            'Partners that do not qualify now and whose best track is at least threshold − 10 (above the threshold with a metric at 0 included), highest first, with the metrics at 0',
          parameters: [designationQuery, ...PAGING, FORMAT],
          responses: {
            '200': list('a page of the worklist', ref('NearMissList')),
            '400': error('designation missing or unknown, limit or cursor malformed'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/worklists/expiring-certifications': {
        get: {
          operationId: 'worklistExpiringCertifications',
          summary:
            'Partners whose certified people drop within the window, soonest expiry first, with the points and qualification each affected designation would lose',
          description:
            'Per designation, the certification-based metrics (certified-people components or certification gates) of the best track are scored at now and at now + within, everything else held as now. ' +
            'Partners whose expiries cost nothing are left out, so a page may hold fewer than `limit`. CSV: one row per partner and designation.',
          parameters: [
            {
              name: 'within',
              in: 'query',
              required: false,
              schema: { type: 'string', pattern: '^[1-9][0-9]{0,2}d$', default: '30d' },
              description: 'days, 1d to 365d',
            },
            {
              ...designationQuery,
              required: false,
              description: 'only this designation (default: every designation)',
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
            },
            PAGING[1] as Json,
            FORMAT,
          ],
          responses: {
            '200': list('a page of the worklist', ref('ExpiringCertificationsList')),
            '400': error('within, designation, limit or cursor malformed'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/partners/{partnerId}/scores': {
        get: {
          operationId: 'partnerScores',
          summary:
            'Per designation: best track, score, qualified, per-metric explanation and what is missing, lifecycle',
          description:
            '`asOf` defaults to now. A past asOf within the retained history (24 months) is scored on the retained months (`partialHistory` says when year-ago windows reach further back); ' +
            'a future asOf also lists `projectedTransitions`: what would happen by then without further events (e.g. certification expiries), and its `lifecycle` is the projected one. ' +
            'For a past asOf, `lifecycle` is the current state: the api keeps no lifecycle history (the designations topic is that history). ' +
            'A partner token reads its own partner here (403 for any other partnerId).',
          security: [{ apiKey: [] }, { partnerToken: [] }],
          parameters: [
            partnerIdParam,
            {
              name: 'asOf',
              in: 'query',
              required: false,
              schema: { type: 'string', format: 'date-time' },
              description: 'ISO-8601 instant or date, e.g. 2026-09-15T00:00:00Z',
            },
          ],
          responses: {
            '200': json('the scores', ref('PartnerScores')),
            '400': error(
              'partnerId or asOf malformed, or asOf before the retained history; `parameter` names it',
            ),
            '401': UNAUTHORIZED,
            '403': error('a partner token for another partner'),
            '404': error('no event of this partner was ever applied'),
          },
        },
      },
      '/v1/partners/{partnerId}/path': {
        get: {
          operationId: 'partnerPath',
          summary:
            'The smallest additions that make the partner qualify for a designation, each with the points it adds',
          description:
            'For a partner that does not qualify at `asOf` (default now): for each track the fewest input events (new certified people, new customers with a figure meeting a floor in the scored month, workloads over a floor, one growth top-up per growth metric) that bring the total to the threshold with every metric above 0; the track needing the fewest is returned. ' +
            'Each suggestion carries its input events; the result is checked by scoring them on a copy. Empty when the partner qualifies; `reachable: false` with `blocked` reasons when no addition can help (growth needs a baseline a year back, and the past is not added to). Nothing is written. ' +
            'A partner token reads its own partner here (403 for any other partnerId). docs/path-to-qualify.md defines “smallest”.',
          security: [{ apiKey: [] }, { partnerToken: [] }],
          parameters: [
            partnerIdParam,
            {
              name: 'designation',
              in: 'query',
              required: true,
              schema: { type: 'string' },
              description: 'a designation id of the program',
            },
            {
              name: 'asOf',
              in: 'query',
              required: false,
              schema: { type: 'string', format: 'date-time' },
              description: 'ISO-8601 instant or date',
            },
          ],
          responses: {
            '200': json('the path', ref('QualificationPath')),
            '400': error(
              'partnerId, designation or asOf malformed or unknown, or asOf before the retained history; `parameter` names it',
            ),
            '401': UNAUTHORIZED,
            '403': error('a partner token for another partner'),
            '404': error('no event of this partner was ever applied'),
          },
        },
      },
      '/v1/partners/{partnerId}/what-if': {
        post: {
          operationId: 'partnerWhatIf',
          summary: 'Scores and transitions that hypothetical events would cause; nothing is written',
          description:
            'The events (input events of this partner, contracts §1, validated as the pipeline validates them; at most 1000) are applied to a copy of the partner, which is evaluated at `asOf` (default now) from its lifecycle state as the scorer would. ' +
            'Answers every designation before and after, the transitions the evaluation would publish, and those it publishes without the events. Operator key only (a partner token gets 403).',
          parameters: [partnerIdParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('WhatIfRequest') } } },
          responses: {
            '200': json('the scores and transitions', ref('WhatIf')),
            '400': error(
              'the body, an event (`parameter`: e.g. events.0.data.amountUsd), an event of another partner, or asOf',
            ),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
            '404': error('no event of this partner was ever applied'),
          },
        },
      },
      '/v1/programs/impact': {
        post: {
          operationId: 'programImpact',
          summary:
            'Who would gain and who would lose each designation under a proposed program; nothing is written',
          description:
            'The body is a program document (docs/program-format.md), JSON or YAML by Content-Type, at most 1 MiB, validated as CAPSCORE_PROGRAM is. ' +
            'Every partner of the store is scored from its current facts under the active program (the CAPSCORE_PROGRAM version in force at asOf) and under the proposed one, and compared by qualification, as `capscore program impact` does. ' +
            'The store is read in pages as a job whose progress and result live in Redis for an hour. A store of up to 2000 partners is answered at once (200, the first page of the report); a larger one, or `Prefer: respond-async`, answers 202 with the job and its Location. Operator key only.',
          parameters: [
            {
              name: 'asOf',
              in: 'query',
              required: false,
              schema: { type: 'string', format: 'date-time' },
              description: 'evaluation instant for both programs; default now',
            },
            {
              name: 'Prefer',
              in: 'header',
              required: false,
              schema: { type: 'string', enum: ['respond-async'] },
              description: 'respond-async: always answer 202 with the job',
            },
            ...IMPACT_PAGING,
            FORMAT,
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', description: 'a program document' } },
              'application/yaml': { schema: { type: 'string' } },
            },
          },
          responses: {
            '200': list('the report (first page)', ref('ImpactReport')),
            '202': {
              description: 'the job, running; poll its Location',
              headers: { Location: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: ref('ImpactJob') } },
            },
            '400': error(
              'an invalid program (`error`: invalid-program, `detail` names every offending field), an empty body, asOf, limit or cursor',
            ),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
            '413': error('the program document is over 1 MiB'),
            '415': error('a body that is neither JSON nor YAML'),
          },
        },
      },
      '/v1/jobs/{jobId}': {
        get: {
          operationId: 'readJob',
          summary: 'A job’s progress; once done, its report a page of gains and losses at a time',
          parameters: [
            { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            ...IMPACT_PAGING,
            FORMAT,
          ],
          responses: {
            '200': {
              ...list('the report page (done), or the job (running, failed)', {
                oneOf: [ref('ImpactReport'), ref('ImpactJob')],
              }),
            },
            '400': error('jobId, limit or cursor malformed, or a cursor of another job'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
            '404': error('no such job, or it expired (an hour after its last progress)'),
          },
        },
      },
      '/v1/designations': {
        get: {
          operationId: 'listDesignations',
          summary: 'The program’s designations with their holder counts (one page)',
          parameters: [FORMAT],
          responses: {
            '200': list('designations', ref('DesignationList')),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/designations/{designationId}/partners': {
        get: {
          operationId: 'designationHolders',
          summary: 'Partners holding the designation, by grant time (paged)',
          parameters: [
            { name: 'designationId', in: 'path', required: true, schema: { type: 'string' } },
            ...PAGING,
            FORMAT,
          ],
          responses: {
            '200': list('a page of holders', ref('DesignationHolders')),
            '400': error('limit or cursor malformed, or the old offset'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
            '404': error('the program has no such designation'),
          },
        },
      },
      '/v1/events/designations': {
        get: {
          operationId: 'designationFeed',
          summary: 'Server-Sent Events: live designation events',
          description:
            'Events: `status` (FeedStatus, first and on change: live once the api consumes the designations topic), `designation` (a DesignationEvent as published on the designations topic; ' +
            'the SSE id is its eventId; the last 50 seen by this api process are replayed on connect, after `Last-Event-ID` on reconnect), `ping` (every 20 s). ' +
            'Each api process reads the topic with its own consumer group from the latest offset.',
          security: [{ apiKey: [] }, { apiKeyQuery: [] }],
          parameters: [
            {
              name: 'key',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: 'the API key, for EventSource clients',
            },
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'an endless text/event-stream; `data` is JSON (DesignationEvent or FeedStatus)',
              content: {
                'text/event-stream': { schema: { oneOf: [ref('DesignationEvent'), ref('FeedStatus')] } },
              },
            },
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
          },
        },
      },
      '/v1/admin/clock': {
        get: {
          operationId: 'readClock',
          summary: 'The pipeline’s now, and whether it is fixed',
          responses: { '200': json('the clock', ref('ClockState')), '401': UNAUTHORIZED, '403': FORBIDDEN },
        },
        post: {
          operationId: 'moveClock',
          summary:
            'Moves the fixed clock forward (CAPSCORE_CLOCK only); the scorers fire the timers in between in time order',
          requestBody: { required: true, content: { 'application/json': { schema: ref('ClockMove') } } },
          responses: {
            '200': json('the new now', ref('ClockMove')),
            '400': error('`now` missing, malformed or in the past'),
            '401': UNAUTHORIZED,
            '403': FORBIDDEN,
            '409': error('the clock is the system clock'),
          },
        },
      },
    },
  };
}
