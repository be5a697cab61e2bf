/**
 * What the office's features may tell the screens. The hub (realtime/hub.ts) implements it over socket.io; it is
 * created before the features and handed to them, so no feature knows socket.io or the hub.
 */
import type { AgentJob, AgentResult, Device, Principal, PrinterState, PrintJobView, ScreenNotice } from '@junban/protocol';

/** A connected print agent, as printing sees it: asked for its printer's state, sent a ticket's bytes. */
export interface AgentLink {
  status(timeoutMs: number): Promise<PrinterState>;
  print(job: AgentJob, timeoutMs: number): Promise<AgentResult>;
}

export interface ScreensPort {
  /** Printers or kiosk limits changed: the next live-view update carries them. */
  devicesChanged(): void;
  /** A kiosk's ticket printed or failed: told to that kiosk only. */
  printJobChanged(kioskId: string, job: PrintJobView): void;
  /** The connected print agent of this device, if any; a job goes to one socket so it prints once. */
  agent(deviceId: string): AgentLink | undefined;
  /** Notices on the screens changed (issue 20): each screen is sent those it shows, as `noticesFor` says. */
  screenNoticesChanged(noticesFor: (principal: Principal) => ScreenNotice[]): void;
  /** Tell a device its settings changed. */
  deviceChanged(device: Device): void;
  /** Tell a revoked device, then close its sockets for good. */
  disconnectDevice(deviceId: string): void;
  /** Close a staff member's screens (disabled, new role, new password); they connect again as the account is now. */
  disconnectStaff(staffId: string): void;
  /** Close a staff member's screens whose session has ended (signed out, or their other sessions after a new password). */
  recheckStaff(staffId: string): void;
}
