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
} as const;
