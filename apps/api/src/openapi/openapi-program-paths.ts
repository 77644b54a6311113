import {
  type Json,
  ref,
  json,
  error,
  UNAUTHORIZED,
  FORBIDDEN,
  PAGING,
  FORMAT,
  list,
} from './openapi-parts.js';

/** The impact report's pages: up to 1000 gains and losses each. */
const IMPACT_PAGING: Json[] = [
  { ...PAGING[0], schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
  ...PAGING.slice(1),
];

/** The operator's routes over the program: impact jobs, designations and their holders, the live designation feed and the clock. */
export function programPaths(): Record<string, Json> {
  return {
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
  };
}
