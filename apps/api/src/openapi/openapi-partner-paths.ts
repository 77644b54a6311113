import {
  type Json,
  ref,
  json,
  error,
  UNAUTHORIZED,
  FORBIDDEN,
  partnerIdParam,
  PAGING,
  FORMAT,
  list,
  designationQuery,
} from './openapi-parts.js';

/** The partner routes: the partner list and each partner's history, scores, path and what-if, and the worklists of partners. */
export function partnerPaths(): Record<string, Json> {
  return {
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
  };
}
