import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../src/protocol/index.js';
import { startOffice, type TestOffice } from './support.js';

describe('OpenAPI document', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  it('describes every endpoint with its input schema', async () => {
    const doc = (await (await fetch(`${office.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; requestBody?: { content: { 'application/json': { schema: { properties: object } } } } }>>;
    };
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(api).sort());
    const issue = doc.paths['/visits']!.post!;
    expect(Object.keys(issue.requestBody!.content['application/json'].schema.properties)).toEqual(['services', 'assistance', 'language', 'printerId']);
    expect(doc.paths['/counters/{counterId}/call-next']!.post!.operationId).toBe('callNext');
  });
});
