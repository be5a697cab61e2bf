/** The server's side of a print agent: jobs for an agent-connected printer go down the agent's socket. */
import { randomUUID } from 'node:crypto';
import type { AgentResult, PrinterState } from '@junban/protocol';
import type { PrinterDriver } from './driver.js';
import type { AgentSocket } from '../realtime/hub.js';

const STATUS_TIMEOUT_MS = 3_000;
/** Long enough for a ticket with a raster line on a slow USB printer. */
const PRINT_TIMEOUT_MS = 20_000;

/** `socketOf` finds the agent's socket now; an agent that is not connected is an unreachable printer. */
export function agentDriver(socketOf: () => AgentSocket | undefined): PrinterDriver {
  return {
    async status(): Promise<PrinterState> {
      const socket = socketOf();
      if (!socket) return 'unreachable';
      try {
        return await socket.timeout(STATUS_TIMEOUT_MS).emitWithAck('printerStatus');
      } catch {
        return 'unreachable';
      }
    },
    async print(bytes): Promise<AgentResult> {
      const socket = socketOf();
      if (!socket) return { printed: false, state: 'unreachable', message: 'the print agent is not connected' };
      try {
        return await socket.timeout(PRINT_TIMEOUT_MS).emitWithAck('print', { jobId: randomUUID(), bytes });
      } catch {
        // The agent may have printed and lost the answer: staff see it as failed and can reprint.
        return { printed: false, state: 'unreachable', message: 'the print agent did not answer' };
      }
    },
    close: async () => {},
  };
}
