import { z } from 'zod';
import { api, errorStatus, IdempotencyKey, takesIdempotencyKey, type EndpointName } from '../protocol/index.js';

type JsonSchema = { type?: string; properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;

/** The OpenAPI 3.1 document, generated from the same table and schemas the server validates with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(api) as EndpointName[]) {
    const e = api[name];
    const pathKeys = [...e.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const input = schemaOf(e.input, 'input');
    const props = { ...input.properties };
    for (const k of pathKeys) delete props[k];
    const required = (input.required ?? []).filter((k) => !pathKeys.includes(k));
    const parameters = [
      ...pathKeys.map((k) => ({ name: k, in: 'path', required: true, schema: { type: 'string' } })),
      ...(e.method === 'GET' ? Object.entries(props).map(([k, schema]) => ({ name: k, in: 'query', required: required.includes(k), schema })) : []),
      ...(takesIdempotencyKey(name)
        ? [{
            name: 'Idempotency-Key', in: 'header', required: false, schema: schemaOf(IdempotencyKey, 'input'),
            description: 'Names this action: sent again with the same key and request, it gets the first answer and changes nothing (24 hours).',
          }]
        : []),
    ];
    const operation: Record<string, unknown> = {
      operationId: name,
      summary: e.summary,
      'x-permission': e.permission,
      parameters,
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: schemaOf(e.output, 'output') } } },
        default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (e.method !== 'GET') {
      const body: JsonSchema = { ...input, properties: props };
      if (required.length) body.required = required;
      else delete body.required;
      operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
    }
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [e.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'junban office server', version: '1', description: 'Queue ticketing for service counters. Staff sign in with a session cookie; kiosks and displays send `Authorization: Bearer <device token>`.' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(errorStatus) },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      path: { type: 'string' }, message: { type: 'string' },
                      level: { type: 'string', enum: ['error', 'warning'] },
                      text: { type: 'object', properties: { ja: { type: 'string' }, en: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
