/** The live endpoints: the live views and the public congestion page. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { endpoint } from '../common/endpoint.js';
import { Congestion, PublicView, StaffView } from './model.js';
import { liveRoutes } from './routes.js';

export const liveApi = {
  publicView: endpoint({
    ...liveRoutes.publicView,
    permission: 'public:read',
    summary: 'Counters, waiting counts, estimates and recent calls.',
    input: z.object({}),
    output: PublicView,
  }),
  staffView: endpoint({
    ...liveRoutes.staffView,
    permission: 'queue:read',
    summary: 'The public view plus every waiting, held and missed visit in call order.',
    input: z.object({}),
    output: StaffView,
  }),
  congestion: endpoint({
    ...liveRoutes.congestion,
    permission: 'none',
    summary: 'Public: per procedure, the number being served, people waiting and the estimated wait. No device token needed.',
    input: z.object({}),
    output: Congestion,
  }),
} as const;
