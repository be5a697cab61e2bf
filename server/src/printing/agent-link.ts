/** The server's side of a print agent: jobs for an agent-connected printer go down the agent's socket. */
import { randomUUID } from 'node:crypto';
import type { AgentResult, PrinterState } from '@junban/protocol';
import type { PrinterDriver } from './driver.js';
import type { AgentLink } from '../realtime/port.js';

const STATUS_TIMEOUT_MS = 3_000;
/** Long enough for a ticket with a raster line on a slow USB printer. */
const PRINT_TIMEOUT_MS = 20_000;

/** `agentOf` finds the connected agent now; an agent that is not connected is an unreachable printer. */
export function agentDriver(agentOf: () => AgentLink | undefined): PrinterDriver {
  return {
    async status(): Promise<PrinterState> {
      const agent = agentOf();
      if (!agent) return 'unreachable';
      try {
        return await agent.status(STATUS_TIMEOUT_MS);
      } catch {
        return 'unreachable';
      }
    },
    async print(bytes): Promise<AgentResult> {
      const agent = agentOf();
      if (!agent) return { printed: false, state: 'unreachable', message: 'the print agent is not connected' };
      try {
        return await agent.print({ jobId: randomUUID(), bytes }, PRINT_TIMEOUT_MS);
      } catch {
        // The agent may have printed and lost the answer: staff see it as failed and can reprint.
        return { printed: false, state: 'unreachable', message: 'the print agent did not answer' };
      }
    },
    close: async () => {},
  };
}
