/** The system endpoints: the server itself. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { endpoint } from '../common/endpoint.js';
import { systemRoutes } from './routes.js';

export const systemApi = {
  health: endpoint({
    ...systemRoutes.health,
    permission: 'none',
    summary: 'The server is up and its database writes; 503 storage/unwritable (with the reason) while its last write failed.',
    input: z.object({}),
    output: z.object({ ok: z.literal(true), version: z.number().int() }),
  }),
  live: endpoint({
    ...systemRoutes.live,
    permission: 'none',
    summary: "The process answers: a load balancer's liveness check. It reads nothing, so a full disk does not make it fail (health does).",
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
  }),
  reportCallsShown: endpoint({
    ...systemRoutes.reportCallsShown,
    permission: 'public:read',
    summary: "A display says which calls it has put on screen, by seq: the office's call-to-display latency in /metrics.",
    input: z.object({ seqs: z.array(z.number().int().positive()).min(1).max(20) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
} as const;
