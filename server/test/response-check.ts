/**
 * Holds the server to its OpenAPI document: every JSON answer of an /api/v1 call is validated against the schema
 * the document gives for that operation and status. A status the operation does not list is a mismatch too.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** The components are compiled once as one schema; operations refer to them from there. */
const toShared = <T>(json: T): T => JSON.parse(JSON.stringify(json).replaceAll('"#/components/schemas/', '"components#/$defs/')) as T;

export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'components', $defs: toShared(doc.components.schemas) });
  // Literal paths before templated ones: PUT /config/services/order is not a procedure called "order".
  const routes = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        op,
        pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
        templated: (path.match(/\{/g) ?? []).length,
      })),
    )
    .sort((a, b) => a.templated - b.templated);
  const compiled = new Map<string, ValidateFunction>();
  const mismatches: string[] = [];
  const seen: { operationId: string; status: number }[] = [];

  /** Checks one answer; `path` is below /api/v1, without the query. */
  function check(method: string, path: string, status: number, body: unknown): void {
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) {
      if (status !== 404) mismatches.push(`${method} ${path}: no operation in the document, yet it answered ${status}`);
      return;
    }
    const { operationId, responses } = route.op;
    seen.push({ operationId, status });
    const schema = responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema) {
      mismatches.push(`${operationId} answered ${status} with ${JSON.stringify(body).slice(0, 200)}, which the document does not list`);
      return;
    }
    const key = `${operationId} ${status}`;
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile(toShared(schema as object))));
    if (!validate(body))
      mismatches.push(`${operationId} ${status}: ${ajv.errorsText(validate.errors, { separator: '; ' })} in ${JSON.stringify(body).slice(0, 300)}`);
  }

  return {
    mismatches,
    /** Each operation and status checked, in order. */
    seen,
    check,
    /** A fetch that checks every JSON answer from the office's /api/v1 before handing it on. */
    fetch(origin: string): typeof fetch {
      return async (input, init) => {
        const res = await fetch(input, init);
        const url = new URL(String(input), origin);
        if (url.pathname.startsWith('/api/v1/') && res.headers.get('content-type')?.startsWith('application/json')) {
          check((init?.method ?? 'GET').toUpperCase(), url.pathname.slice('/api/v1'.length), res.status, await res.clone().json());
        }
        return res;
      };
    },
  };
}
export type ResponseChecker = ReturnType<typeof responseChecker>;
