/**
 * The city's two socket.io namespaces, typed for both ends (no zod here: the city's pages load it).
 *
 * `/link`: an office's link, opened by the office with `auth: { token }` (its credential from `enrol`). A refused
 * handshake's `connect_error` carries `data: { code, message }`: `auth/required` for an unknown credential,
 * `city/revoked` for a revoked one. Revoking an office cuts its open link at once ("io server disconnect").
 * Each office→city message is answered through socket.io's acknowledgement with the answer itself, or with
 * `{ ok: false, error }` when refused (an invalid payload: `input/invalid`).
 *
 * Connect with `transports: ['websocket']`: a city of several processes behind a load balancer then needs no sticky
 * sessions (HTTP long-polling would).
 *
 * `/staff`: the city's staff pages, signed in by their session cookie; the city sends `floor` (every office's line)
 * at connect and whenever a live view or a link's state changes.
 */
import type { ErrorBody } from '../errors.js';
import type { BookingAnswer, BookingRequest } from '../booking/model.js';
import type { HomeFormAnswer, HomeFormRequest } from '../forms/home.js';
import type { JoinAnswer, JoinRequest, RemoteAction, RemoteActionAnswer } from '../remote/model.js';
import type { BatchAck, Catalogue, EventBatch, FloorOffice, LinkHello, LinkWelcome, LiveSnapshot, SetupSnapshot, StatusBatch, StatusWatch } from './model.js';

export const LINK_NAMESPACE = '/link';
export const STAFF_NAMESPACE = '/staff';

/** What a link message is answered with: its answer, or why it was refused. */
export type LinkAck<T> = T | { ok: false; error: ErrorBody };

export interface LinkClientToServerEvents {
  hello: (hello: LinkHello, ack: (answer: LinkAck<LinkWelcome>) => void) => void;
  events: (batch: EventBatch, ack: (answer: LinkAck<BatchAck>) => void) => void;
  setup: (setup: SetupSnapshot, ack: (answer: LinkAck<{ ok: true }>) => void) => void;
  /** The ack is optional: the next view replaces this one. */
  live: (live: LiveSnapshot, ack?: (answer: LinkAck<{ ok: true }>) => void) => void;
  /** Residents' status pages, for the city's public face. */
  statuses: (batch: StatusBatch, ack: (answer: LinkAck<{ ok: true }>) => void) => void;
  /** A form a resident filled in at home, asked at check-in by its code (only this office's, only unexpired). */
  homeForm: (request: HomeFormRequest, ack: (answer: LinkAck<HomeFormAnswer>) => void) => void;
  /** The forms joined a visit: the city deletes its copies. */
  homeFormTaken: (request: { codes: string[] }, ack: (answer: LinkAck<{ ok: true }>) => void) => void;
}

export interface LinkServerToClientEvents {
  /** A new catalogue version; the office acks `{ ok: true }` once it applied it. */
  catalogue: (catalogue: Catalogue, ack: (answer: { ok: true } | { ok: false; error: ErrorBody }) => void) => void;
  /** Phones opened these status pages: the office follows its own visits among them. */
  watch: (watch: StatusWatch) => void;
  /** A phone takes a number at this office. */
  join: (request: JoinRequest, ack: (answer: JoinAnswer) => void) => void;
  /** A phone postpones or cancels its visit (each office answers for its own; another's says `visit/not_found`). */
  remote: (action: RemoteAction, ack: (answer: RemoteActionAnswer) => void) => void;
  /** A phone asks for slots, books, reschedules or cancels a visit at this office (booking/model.ts). */
  booking: (request: BookingRequest, ack: (answer: BookingAnswer) => void) => void;
}

export interface StaffServerToClientEvents {
  floor: (offices: FloorOffice[]) => void;
}
