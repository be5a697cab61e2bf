import { z } from 'zod';
import { SESSION_COOKIE } from '../access/authenticate.js';
import * as protocol from '@junban/protocol';
import { api, errorStatus, files, grantedTo, IdempotencyKey, takesIdempotencyKey, type EndpointName, type ErrorCode, type Permission } from '@junban/protocol';

type JsonSchema = { type?: string; properties?: Record<string, unknown>; required?: string[]; $defs?: Record<string, unknown>; [k: string]: unknown };

/**
 * Every schema the protocol exports by name (Visit, OfficeConfig, PrinterView…) is a named component of the
 * document, under that name. Plain strings and numbers (Slug, Id) stay inline, so a parameter shows its pattern.
 * Request bodies are mostly inline: each is a strict copy (strictInput), and with its defaults optional it is not
 * the shape the server answers anyway.
 */
const named = z.registry<{ id: string }>();
for (const [name, value] of Object.entries(protocol)) {
  if (!(value instanceof z.ZodType) || named.has(value)) continue;
  if (['string', 'number', 'boolean', 'literal'].includes(value._zod.def.type)) continue;
  named.add(value, { id: name });
}

const COMPONENTS = '#/components/schemas/';

/** `#/$defs/Visit` (zod's place for a named schema) becomes `#/components/schemas/Visit`, everywhere in `json`. */
const toComponentRefs = <T>(json: T): T => JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as T;

/** How the staff and the devices prove who they are (see docs/api.md, "Who is calling"). */
const securitySchemes = {
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Staff: the session cookie that `POST /auth/login` sets (HttpOnly, 14 days).',
  },
  deviceToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A kiosk or display: `Authorization: Bearer <device token>`, from pairing or `POST /devices`. It wins over a cookie.',
  },
};

/** Who may call: the schemes of the callers the permission is granted to; none for a public operation. */
function security(permission: Permission | 'none') {
  if (permission === 'none') return { security: [] };
  const { roles, devices } = grantedTo(permission);
  return {
    security: [...(roles.length ? [{ staffSession: [] }] : []), ...(devices.length ? [{ deviceToken: [] }] : [])],
    'x-roles': [...roles, ...devices],
  };
}

/** One response per HTTP status, its error body restricted to the codes the operation can answer with it. */
function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, group]) => [
        String(status),
        {
          description: group.join(', '),
          content: {
            'application/json': {
              schema: { allOf: [{ $ref: `${COMPONENTS}Error` }, { properties: { error: { properties: { code: { enum: group } } } } }] },
            },
          },
        },
      ]),
  );
}

/** The errors every call may get besides its own: the door's (from its permission), the database's and the server's. */
function commonErrors(permission: Permission | 'none'): ErrorCode[] {
  return [...(permission === 'none' ? [] : (['auth/required', 'auth/forbidden'] as const)), 'storage/busy', 'storage/unwritable', 'server/internal'];
}

export function openApiDocument() {
  const components: Record<string, unknown> = {};
  /** A schema as JSON Schema; the named schemas in it go to the components, once. */
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = toComponentRefs(z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: named }) as JsonSchema);
    for (const [id, def] of Object.entries(json.$defs ?? {})) {
      if (components[id] && JSON.stringify(components[id]) !== JSON.stringify(def))
        throw new Error(`The schema ${id} differs as input and output; name it apart.`);
      components[id] = def;
    }
    const { $defs: _defs, $schema: _schema, ...rest } = json;
    return rest;
  };

  /** The path, its parameters (path, and query for a GET) and the JSON body for anything else. */
  const request = (method: string, expressPath: string, input: z.ZodType) => {
    const pathKeys = [...expressPath.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const schema = jsonSchema(input, 'input');
    const props = { ...schema.properties };
    const required = (schema.required ?? []).filter((k) => !pathKeys.includes(k));
    for (const k of pathKeys) delete props[k];
    const parameters = [
      ...pathKeys.map((k) => ({ name: k, in: 'path', required: true, schema: schema.properties![k] })),
      ...(method === 'GET' ? Object.entries(props).map(([k, s]) => ({ name: k, in: 'query', required: required.includes(k), schema: s })) : []),
    ];
    const body: JsonSchema = { ...schema, properties: props };
    if (required.length) body.required = required;
    else delete body.required;
    return {
      path: expressPath.replace(/:(\w+)/g, '{$1}'),
      parameters,
      // A body with nothing required may be left out (`POST /counters/1/call-next` needs none).
      ...(method === 'GET' ? {} : { requestBody: { required: required.length > 0, content: { 'application/json': { schema: body } } } }),
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  const add = (method: string, path: string, operation: Record<string, unknown>) => {
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  };

  /** The header that lets a client send an action again safely (docs/api.md, "Retrying safely"). */
  const idempotencyHeader = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: jsonSchema(IdempotencyKey, 'input'),
    description: 'Names this action: sent again with the same key and request, it gets the first answer and changes nothing (24 hours).',
  };

  for (const [name, e] of Object.entries(api)) {
    const { path, ...req } = request(e.method, e.path, e.input);
    const idempotent = takesIdempotencyKey(name as EndpointName);
    if (idempotent) req.parameters.push(idempotencyHeader);
    const ok: Record<string, unknown> = { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.output, 'output') } } };
    if (name === 'login') ok.headers = { 'Set-Cookie': { description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax`, schema: { type: 'string' } } };
    const errors: ErrorCode[] = [
      'input/invalid',
      ...(e.method === 'GET' ? [] : (['input/too_large'] as const)),
      ...commonErrors(e.permission),
      ...((e as { errors?: readonly ErrorCode[] }).errors ?? []),
      ...(idempotent ? (['idempotency/key_reused'] as const) : []),
    ];
    add(e.method, path, {
      operationId: name,
      summary: e.summary,
      'x-permission': e.permission,
      ...security(e.permission),
      ...req,
      responses: { 200: ok, ...errorResponses(errors) },
    });
  }

  // The routes that answer a file: no body, and no 400 unless declared (a picture or form that does not exist is a 404).
  for (const [name, f] of Object.entries(files)) {
    const { path, ...req } = request(f.method, f.path, f.input);
    add(f.method, path, {
      operationId: name,
      summary: f.summary,
      'x-permission': f.permission,
      ...security(f.permission),
      ...req,
      responses: {
        200: { description: 'OK', content: { [f.contentType]: { schema: { type: 'string', contentMediaType: f.contentType } } } },
        ...errorResponses([...commonErrors(f.permission), ...((f as { errors?: readonly ErrorCode[] }).errors ?? [])]),
      },
    });
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'junban office server',
      version: '1',
      description:
        'Queue ticketing for service counters. Staff sign in with a session cookie; kiosks and displays send `Authorization: Bearer <device token>`. ' +
        'Request fields an operation does not declare are refused (400 input/invalid). The health check is `GET /api/v1/health` (no credentials).',
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      securitySchemes,
      schemas: {
        ...components,
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
                    required: ['path', 'message'],
                    properties: {
                      path: { type: 'string' },
                      message: { type: 'string' },
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
