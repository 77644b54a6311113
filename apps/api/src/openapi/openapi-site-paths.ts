import { type Json, ref, json, error, FORBIDDEN, OPEN } from './openapi-parts.js';

/** The open routes: the dashboard and its files, this document, health, and the Prometheus metrics. */
export function sitePaths(): Record<string, Json> {
  return {
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
  };
}
