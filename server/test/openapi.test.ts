import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, errorStatus, files, grantedTo, type ErrorCode } from '@junban/protocol';
import { responseChecker, type OpenApiDocument } from './response-check.js';
import { startOffice, type TestOffice } from './support.js';

interface ErrorResponse {
  content: { 'application/json': { schema: { allOf: [unknown, { properties: { error: { properties: { code: { enum: string[] } } } } }] } } };
}
interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters: { name: string; in: string; required: boolean; schema: { pattern?: string } }[];
  requestBody?: { content: { 'application/json': { schema: { properties: object; additionalProperties?: boolean } } } };
  responses: Record<string, ErrorResponse & { content: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>; schemas: Record<string, unknown> };
}

const templated = (path: string) => path.replace(/:(\w+)/g, '{$1}');
/** The codes the document lists for an operation's answers with this status. */
const codesAt = (op: Operation, status: number) =>
  op.responses[String(status)]?.content['application/json'].schema.allOf[1].properties.error.properties.code.enum ?? [];

describe('OpenAPI document', () => {
  let office: TestOffice;
  let doc: Document;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
    doc = (await (await fetch(`${office.url}/api/v1/openapi.json`)).json()) as Document;
  });
  afterAll(() => office.stop());

  it('describes every route of the API table and every file route: who may call it, its parameters, its errors', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      staffSession: { type: 'apiKey', in: 'cookie', name: 'junban_session' },
      deviceToken: { type: 'http', scheme: 'bearer' },
    });
    const routes = [...Object.entries(api), ...Object.entries(files)];
    for (const [name, route] of routes) {
      const op = doc.paths[templated(route.path)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!.operationId).toBe(name);

      // Who: nobody needs credentials for a public operation; else the cookie, the device token or both.
      const { roles, devices } = grantedTo(route.permission);
      const schemes = op!.security.flatMap((s) => Object.keys(s));
      if (route.permission === 'none') expect(schemes, name).toEqual([]);
      else expect(schemes, name).toEqual([...(roles.length ? ['staffSession'] : []), ...(devices.length ? ['deviceToken'] : [])]);

      // Every path parameter says what it may look like.
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(
        op!.parameters.filter((p) => p.in === 'path').map((p) => p.name),
        name,
      ).toEqual(inPath);
      for (const p of op!.parameters.filter((x) => x.in === 'path')) expect(p.schema.pattern, `${name} ${p.name}`).toBeTruthy();

      // Every error it can answer, under its status.
      const declared: ErrorCode[] = [...('errors' in route ? (route.errors ?? []) : []), 'server/internal'];
      if (route.permission !== 'none') declared.push('auth/required', 'auth/forbidden');
      if (!(name in files)) declared.push('input/invalid');
      for (const code of declared) expect(codesAt(op!, errorStatus[code]), `${name} ${code}`).toContain(code);

      // A body refuses fields it does not declare.
      if (op!.requestBody) expect(op!.requestBody.content['application/json'].schema.additionalProperties, name).toBe(false);
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.map((o) => o.operationId).sort()).toEqual(routes.map(([name]) => name).sort());
  });

  it('has the ticket picture, the form PDF and the health check', () => {
    const picture = doc.paths['/printers/{printerId}/virtual/{n}.png']!.get!;
    expect(Object.keys(picture.responses['200']!.content)).toEqual(['image/png']);
    expect(picture.parameters.find((p) => p.name === 'n')!.schema.pattern).toBe('^\\d{1,3}$');
    expect(codesAt(picture, 404)).toEqual(['print/not_found']);
    expect(codesAt(picture, 401)).toEqual(['auth/required']);
    expect(Object.keys(doc.paths['/visits/{visitId}/forms/{serviceId}/print']!.post!.responses['200']!.content)).toEqual(['application/pdf']);
    expect(doc.paths['/health']!.get!.security).toEqual([]);
  });

  it('names the shared schemas as components, and every reference leads to one', () => {
    expect(doc.paths['/visits/{visitId}']!.get!.responses['200']!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Visit' });
    expect(doc.paths['/config']!.get!.responses['200']!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OfficeConfig' });
    for (const name of ['Visit', 'Step', 'OfficeConfig', 'Service', 'Counter', 'Device', 'PrinterView', 'Reservation', 'LocalizedText', 'Error']) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('$defs');
    // Every schema in it is valid JSON Schema 2020-12, as a validator or generator reads it.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const inComponents = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/')) as object;
    ajv.addSchema({ $id: 'components', $defs: inComponents(doc.components.schemas) });
    for (const op of Object.values(doc.paths).flatMap((p) => Object.values(p))) {
      const schemas = [
        ...op.parameters.map((p) => p.schema),
        op.requestBody?.content['application/json'].schema,
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content).map((c) => c.schema)),
      ];
      for (const schema of schemas.filter(Boolean)) expect(() => ajv.compile(inComponents(schema)), op.operationId).not.toThrow();
    }
    const issue = doc.paths['/visits']!.post!;
    expect(Object.keys(issue.requestBody!.content['application/json'].schema.properties)).toEqual(['services', 'assistance', 'needs', 'language', 'printerId']);
    expect(doc.paths['/counters/{counterId}/call-next']!.post!.operationId).toBe('callNext');
  });

  it('matches what the server answers through a day of real use, errors included', async () => {
    const kiosk = office.device(office.kioskToken);
    const display = office.device(office.displayToken);
    const [counter, guide, manager, admin] = [
      await office.staff('counter'),
      await office.staff('guide'),
      await office.staff('manager'),
      await office.staff('admin'),
    ];
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => {
          throw new Error('expected a refusal');
        },
        (e: { code: string }) => e.code,
      );

    // Setting up: a virtual printer, a kiosk printing on it, a device, an account.
    await admin('putPrinter', { printerId: 'entrance', name: 'Entrance', connection: { kind: 'virtual' } });
    await admin('setKioskSettings', { deviceId: office.kioskId, printerId: 'entrance', ticketsPerMinute: 0 });
    const { device } = await admin('createDevice', { kind: 'display', name: 'Hall' });
    await admin('setDisplaySettings', { deviceId: device.id, counters: ['1'], services: [], secondLanguage: 'en' });
    const staff = await admin('createStaff', { username: 'tanaka', displayName: '田中', role: 'counter', password: 'password-123' });
    await admin('updateStaff', { staffId: staff.id, displayName: '田中 一郎' });
    await admin('putGroup', { groupId: 'certificates', name: { ja: '証明書', en: 'Certificates' } });
    await admin('listDevices', {});
    await admin('listStaff', {});
    await admin('staffPresence', {});
    await admin('exportConfig', {});
    await admin('listChanges', {});
    await admin('startPairing', { kind: 'kiosk' });
    expect(await refused(admin('confirmPairing', { code: '000000', name: 'x' }))).toBe('pairing/not_found');
    expect(await refused(admin('deleteGroup', { groupId: 'no-such-group' }))).toBe('office/unknown_group');

    // Residents take numbers; the screens read.
    const first = await kiosk('issueVisit', { services: ['juminhyo', 'kokuho'] });
    await kiosk('issueVisit', { services: ['tennyu'], assistance: true, language: 'en' });
    await kiosk('thisDevice', {});
    await kiosk('getConfig', {});
    await kiosk('calendar', {});
    await display('publicView', {});
    await counter('staffView', {});
    await counter('printers', {});
    await counter('virtualPrints', { printerId: 'entrance' });
    await counter('me', {});
    await counter('getVisit', { visitId: first.visit.id });
    const png = await fetch(`${office.url}/api/v1/printers/entrance/virtual/0.png`, { headers: { cookie: counter.cookie } });
    expect(png.headers.get('content-type')).toBe('image/png');
    await office.fetch(`${office.url}/api/v1/congestion`);
    await office.fetch(first.statusUrl.replace(/^https?:\/\/[^/]+/, office.url).replace('/kiosk/status/', '/api/v1/status/'));

    // A counter serves them, and meets the errors of a busy day.
    const called = (await counter('callNext', { counterId: '1' })).visit;
    const stepId = called.steps.find((s) => s.state === 'called')!.id;
    expect(await refused(counter('callNext', { counterId: '1' }))).toBe('counter/busy');
    await counter('recall', { counterId: '1', stepId });
    await counter('startServing', { counterId: '1', stepId });
    await counter('setNote', { visitId: called.id, note: 'メモ' });
    await counter('hold', { counterId: '1', stepId });
    await counter('returnHeld', { stepId });
    const again = (await counter('callNext', { counterId: '1' })).visit;
    const againStep = again.steps.find((s) => s.state === 'called')!.id;
    expect(await refused(counter('finish', { counterId: '2', stepId: againStep }))).toBe('step/other_counter');
    await counter('finish', { counterId: '1', stepId: againStep });
    expect(await refused(counter('getVisit', { visitId: 'no-such-visit' }))).toBe('visit/not_found');
    expect(await refused(counter('setCounterStatus', { counterId: '1', status: 'sleeping' as never }))).toBe('input/invalid');
    expect(await refused(display('staffView', {}))).toBe('auth/forbidden');
    expect(await refused(office.device('not-a-token')('staffView', {}))).toBe('auth/required');

    // Reservations, a floor guide's forms, the manager's figures.
    const booked = await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: '2026-04-01T10:30:00+09:00' });
    await counter('listReservations', {});
    await counter('updateReservation', { reservationId: booked.id, note: '窓口で' });
    await kiosk('checkIn', { code: booked.code });
    expect(await refused(kiosk('checkIn', { code: booked.code }))).toBe('reservation/used');
    await guide('formCatalogue', {});
    await guide('checkForm', { serviceId: 'tennyu', values: {} });
    await guide('visitForms', { visitId: first.visit.id });
    await guide('formAudit', { visitId: first.visit.id });
    await manager('insightsToday', {});
    await manager('listEvents', { limit: 5 });
    await manager('insightsServices', { from: '2026-03-01', to: '2026-04-01' });
    await manager('insightsTrend', { from: '2026-03-01', to: '2026-04-01', by: 'day' });
    await manager('staffingForecast', { from: '2026-04-02', to: '2026-04-03' });

    // The check itself bites: a visit without its number, an error the operation does not list.
    const probe = responseChecker(doc as unknown as OpenApiDocument);
    probe.check('GET', `/visits/${first.visit.id}`, 200, { ...first.visit, number: undefined });
    probe.check('GET', `/visits/${first.visit.id}`, 409, { error: { code: 'counter/busy', message: 'busy' } });
    probe.check('POST', '/counters/1/call-next', 404, { error: { code: 'visit/not_found', message: 'gone' } });
    expect(probe.mismatches).toEqual([
      expect.stringContaining("getVisit 200: data must have required property 'number'"),
      expect.stringContaining('getVisit answered 409'),
      expect.stringContaining('callNext 404'),
    ]);

    const checked = office.responses!.seen;
    expect(office.responses!.mismatches).toEqual([]);
    expect(new Set(checked.map((c) => c.operationId)).size).toBeGreaterThan(40);
    expect(new Set(checked.map((c) => c.status))).toEqual(new Set([200, 400, 401, 403, 404, 409]));
  });
});
