/**
 * Monitoring, wired: `/metrics` for Prometheus, the liveness check, and the displays' reports of the calls they
 * showed. Readiness is `GET /api/v1/health`, which already answers 503 while the database cannot write.
 */
import { JunbanError } from '@junban/protocol';
import type { Server } from 'socket.io';
import type { HandlerSlice } from '../web/calls.js';
import { metricsRoute } from './route.js';
import { OfficeMetrics, type OfficeMetricsDeps, type ScreenCount } from './metrics.js';

export function monitoringFeature(deps: Omit<OfficeMetricsDeps, 'screens'> & { io: () => Server; token: string | undefined }) {
  const metrics = new OfficeMetrics({ ...deps, screens: () => connectedScreens(deps.io()) });
  return {
    metrics,
    route: metricsRoute(metrics.registry, deps.token),
    handlers: {
      live: () => ({ ok: true as const }),
      reportCallsShown({ seqs }, ctx) {
        if (ctx.principal?.kind !== 'device' || ctx.principal.device !== 'display')
          throw new JunbanError('auth/forbidden', 'Only a display reports the calls it shows.');
        metrics.callsShown(ctx.principal.id, seqs);
        return { ok: true as const };
      },
    } satisfies HandlerSlice,
  };
}

/** Sockets by who holds them: a device by its kind, staff by role, and phones on the status pages' namespace. */
function connectedScreens(io: Server): ScreenCount {
  const count: ScreenCount = {};
  for (const socket of io.of('/').sockets.values()) {
    const principal = (socket.data as { principal?: { kind: string; device?: string; role?: string } }).principal;
    const kind = principal?.kind === 'device' ? principal.device : principal?.kind === 'staff' ? `staff_${principal.role}` : 'public';
    if (kind) count[kind] = (count[kind] ?? 0) + 1;
  }
  count.status_page = io.of('/status').sockets.size;
  return count;
}
