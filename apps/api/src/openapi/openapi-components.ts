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
import { type Json } from './openapi-parts.js';

/** Component schemas from the zod response schemas (a registry keeps the $refs between them). */
export function componentSchemas(): Record<string, Json> {
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

/** How a request proves access: the operator key (a header, or a query parameter where a browser cannot set headers) or a partner token. */
export function securitySchemes(): Record<string, Json> {
  return {
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
  };
}
