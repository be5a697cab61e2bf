/** The live views every screen keeps: what the public and the staff see. */
import { z } from 'zod';
import { OpeningNow } from '../calendar/model.js';
import { LocalizedText, ServiceId } from '../common/model.js';
import { KioskView, PrinterView } from '../printing/model.js';
import { Call, CounterView, QueueEntry, QueueSummary } from '../queue/model.js';
import { OfficeConfig } from '../setup/model.js';

/** What every screen may see: numbers, counters, counts and estimates. Never a name or a note. */
export const PublicView = z.object({
  version: z.number().int(),
  businessDate: z.string(),
  at: z.number(),
  config: OfficeConfig,
  counters: z.array(CounterView),
  queues: z.array(QueueSummary),
  /** The latest calls, newest first. `seq` lets a screen tell a call it has announced from one it missed. */
  recentCalls: z.array(Call),
  printers: z.array(PrinterView),
  /** Kiosks being slowed down; staff can lift the limit. */
  limitedKiosks: z.array(KioskView),
  opening: OpeningNow,
});
export type PublicView = z.infer<typeof PublicView>;

/** For staff, each queue also lists its visits in call order: waiting first, then held, then no-shows. */
export const StaffQueueSummary = QueueSummary.extend({ entries: z.array(QueueEntry) });
export type StaffQueueSummary = z.infer<typeof StaffQueueSummary>;
export const StaffView = PublicView.extend({ queues: z.array(StaffQueueSummary) });
export type StaffView = z.infer<typeof StaffView>;

/** The public congestion page a city links from its website: numbers and counts only. */
export const Congestion = z.object({
  at: z.number(),
  businessDate: z.string(),
  office: LocalizedText,
  opening: OpeningNow,
  services: z.array(
    z.object({
      serviceId: ServiceId,
      name: LocalizedText,
      /** The number most recently called for this procedure. */
      nowServing: z.string().nullable(),
      waiting: z.number().int(),
      estimateSec: z.number().nullable(),
    }),
  ),
});
export type Congestion = z.infer<typeof Congestion>;

/** A socket `sync` request, validated at the server (the type is in socket.ts). */
export const SyncRequest = z.object({ since: z.number().int().nonnegative().optional() });
export type SyncRequest = z.infer<typeof SyncRequest>;
