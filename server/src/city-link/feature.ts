/**
 * The office's link to the city, wired: enrolling with a one-time code, the link while the office runs, unlinking,
 * and a catalogue from the city applied the way an admin's setup edit is (saved, announced, kept in the change
 * history, by the actor `city`).
 */
import {
  cityApi,
  JunbanError,
  type BookingRequest,
  type Catalogue,
  type CityLinkView,
  type JoinRequest,
  type OfficeConfig,
  type PublicView,
  type RemoteAction,
} from '@junban/protocol';
import type { RemoteFeature } from '../remote/feature.js';
import type { PhoneBookings } from '../bookings/bookings.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { repoRoot } from '../config/env.js';
import type { Forms } from '../forms/forms.js';
import type { FormVault } from '../forms/vault.js';
import type { Office } from '../queue/office.js';
import type { ChangeLog } from '../setup/changes.js';
import type { Db } from '../storage/database.js';
import type { HandlerSlice } from '../web/calls.js';
import { catalogueSummary, formsWithCity, withCatalogue } from './catalogue.js';
import { assertFollowsCatalogue } from './locked.js';
import { CityLink, DEFAULT_TIMING, type LinkTiming } from './link.js';
import { StatusesForCity } from './statuses.js';
import { CityLinkStore, type LinkRecord } from './store.js';
import type { StatusLinks } from '../visit-status/links.js';
import { visitStatus } from '../visit-status/status.js';

/** The actor of the changes the city's catalogue makes, in the change history. */
export const CITY_ACTOR = 'city';
/** The change history's name for a catalogue applied (not an endpoint of the office: the city sent it). */
export const CATALOGUE_CHANGE = 'cityCatalogue';

/** How long enrolling waits for the city. */
const ENROL_TIMEOUT_MS = 15_000;

const softwareVersion = (): string => {
  try {
    return String((JSON.parse(readFileSync(join(repoRoot, 'server', 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
};

/** Exchange the one-time code for this office's credential. */
async function enrol(cityUrl: string, code: string) {
  let res: Response;
  try {
    res = await fetch(`${cityUrl}/api/v1/link/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      redirect: 'error',
      signal: AbortSignal.timeout(ENROL_TIMEOUT_MS),
    });
  } catch {
    throw new JunbanError('city/unreachable', `The city at ${cityUrl} did not answer. Check the address and this office's network.`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status === 400)
    throw new JunbanError('city/bad_code', "The city did not accept this code: it is mistyped, used or expired. Ask the city's admin for a new one.");
  if (!res.ok) throw new JunbanError('city/unreachable', `The city at ${cityUrl} answered ${res.status}; try again later.`);
  const parsed = cityApi.enrol.output.safeParse(body);
  if (!parsed.success) throw new JunbanError('city/unreachable', `${cityUrl} answered, but not as a junban city server. Check the address.`);
  return parsed.data;
}

export function cityLinkFeature(deps: {
  db: Db;
  office: Office;
  /** The tokens of residents' status pages, whose hashes key the statuses the city serves. */
  statusLinks: Pick<StatusLinks, 'token'>;
  vault: FormVault;
  /** The guide's forms: the city's catalogue brings its own over the office's files. */
  forms: Pick<Forms, 'files' | 'useCatalogue'>;
  changes: ChangeLog;
  devices: () => Pick<PublicView, 'printers' | 'limitedKiosks'>;
  log: Logger;
  /** Where this office's screens are reached, told to the city for its links (see LinkHello.publicUrl). */
  publicUrl?: () => string | undefined;
  timing?: Partial<LinkTiming> | undefined;
  /** Remote numbers (remote/feature.ts): the city's rules for this office are given with each request. */
  remote: Pick<RemoteFeature, 'join' | 'act'>;
  /** Bookings from phones (bookings/bookings.ts): the office keeps them and checks each slot's places. */
  bookings: Pick<PhoneBookings, 'answer'>;
  /** The office's public key for forms filled in at home (forms/home-key.ts). */
  formKey?: string;
}) {
  const { db, office, forms, changes, log } = deps;
  const store = new CityLinkStore(db, deps.vault);
  // Made anew with each link, so a new city gets every status.
  const statusesFor = () =>
    new StatusesForCity({
      businessDate: () => office.businessDate(),
      openVisits: () => office.state.visits.values(),
      visit: (id) => office.visit(id),
      status: (visit) => visitStatus(office, visit),
      places: (serviceId) => office.state.placesIn(serviceId, office.now()),
      token: (visitId) => deps.statusLinks.token(visitId),
      now: () => office.now(),
      line: (serviceId) => ({ countersOpen: office.state.countersOpenFor(serviceId), serviceSec: office.state.serviceSec(serviceId) }),
    });
  const publicUrl = deps.publicUrl ?? (() => undefined);
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const version = softwareVersion();

  /** Saved, announced and kept in the change history in one transaction, like an admin's edit. */
  let record: Omit<LinkRecord, 'token'> | undefined;
  let link: CityLink | undefined;
  let closed = false;

  const applyCatalogue = db.transaction((catalogue: Catalogue, previous: Catalogue | null) => {
    store.catalogueApplied(catalogue);
    changes.record({ actor: CITY_ACTOR, endpoint: CATALOGUE_CHANGE, target: `v${catalogue.version}`, summary: catalogueSummary(catalogue) });
    // Last: the office changes in memory only once everything else is written (a catalogue that does not fit throws
    // here, and the transaction leaves nothing behind).
    office.configure((config) => withCatalogue(config, catalogue, previous));
    // Only once the catalogue fits (nothing here can throw): the guide's forms follow it.
    forms.useCatalogue(formsWithCity(forms.files, catalogue));
    if (record) record = { ...record, catalogue };
  });
  // The city's rule for a procedure at this office, from the catalogue it sent last.
  const phones = {
    join: (request: JoinRequest) => deps.remote.join(request, record?.catalogue?.remote[record.officeId]?.[request.serviceId]),
    act: (action: RemoteAction) => deps.remote.act(action),
    booking: (request: BookingRequest) => deps.bookings.answer(request),
  };
  const start = (r: LinkRecord) => {
    const { token: _token, ...kept } = r;
    record = kept;
    // The forms are kept nowhere but in the link's record (the setup keeps the rest of the catalogue): at each start
    // the guide takes the city's forms from there again. A new link has none until its city's catalogue arrives.
    forms.useCatalogue(formsWithCity(forms.files, r.catalogue));
    link =
      r.revokedAt === null
        ? new CityLink(r, {
            office,
            store,
            statuses: statusesFor(),
            phones,
            devices: deps.devices,
            applyCatalogue,
            log,
            softwareVersion: version,
            publicUrl,
            ...(deps.formKey ? { formKey: deps.formKey } : {}),
            timing,
          })
        : undefined;
  };
  const linked = store.get();
  if (linked) start(linked);

  const view = (): CityLinkView => {
    const lastSeq = office.loggedSeq();
    if (!record) {
      return {
        linked: false,
        cityUrl: null,
        officeId: null,
        officeName: null,
        state: 'unlinked',
        ackedSeq: 0,
        lastSeq,
        lastContactAt: null,
        catalogueVersion: null,
      };
    }
    const base = {
      linked: true,
      cityUrl: record.cityUrl,
      officeId: record.officeId,
      officeName: record.officeName,
      lastSeq,
      ackedSeq: record.ackedSeq,
      lastContactAt: record.lastContactAt,
      catalogueVersion: record.catalogue?.version ?? null,
    };
    return { ...base, state: 'revoked' as const, ...link?.view() };
  };

  const stop = (persist: boolean) => {
    link?.stop(persist);
    link = undefined;
  };

  /** Exchange the code for a credential, keep it, and start the link. */
  const linkWith = async (cityUrl: string, code: string) => {
    const base = cityUrl.replace(/\/+$/, '');
    const answer = await enrol(base, code);
    if (closed) throw new JunbanError('city/unreachable', 'The office closed while enrolling.');
    stop(false);
    store.link({ cityUrl: base, officeId: answer.officeId, officeName: answer.name, token: answer.token }, office.now());
    start(store.get()!);
    log.info({ cityUrl: base, officeId: answer.officeId }, 'linked to the city');
  };

  return {
    /**
     * Where residents' phones open their status page: the city's public face while this office is linked to a city
     * that has one (its tickets' QR codes point there), else undefined (the office's own address).
     */
    statusBase: (): string | undefined => link?.publicUrl() ?? undefined,
    /**
     * The office as setup edits it: an edit that changes what the city's catalogue locks is refused with
     * `city/locked` (the catalogue itself is applied through the office unguarded).
     */
    guard<O extends Pick<Office, 'configure'>>(guarded: O): O {
      return Object.assign(Object.create(guarded) as O, {
        configure: (edit: (config: OfficeConfig) => OfficeConfig) =>
          guarded.configure((before) => {
            const after = edit(before);
            if (record?.catalogue) assertFollowsCatalogue(before, after, record.catalogue);
            return after;
          }),
      });
    },
    /** The link as its settings page shows it (the backlog is `lastSeq - ackedSeq`). */
    view,
    handlers: {
      cityLink: () => view(),
      async linkToCity({ cityUrl, code }) {
        await linkWith(cityUrl, code);
        return view();
      },
      unlinkFromCity() {
        if (!record) throw new JunbanError('city/not_linked', 'This office is not linked to a city.');
        stop(false);
        store.forget();
        record = undefined;
        // Without the link's record the city's forms are gone at the next start: the guide goes back to the files now.
        forms.useCatalogue(forms.files);
        log.info('unlinked from the city');
        return { ok: true as const };
      },
    } satisfies HandlerSlice,
    /**
     * Enrol with a code given at start (JUNBAN_CITY_URL and JUNBAN_CITY_CODE: how an installer, or the city demo,
     * links a new office), only while this office is not linked (never linked, or revoked by the city). A linked
     * office ignores it, so the variables may stay set. A failure is logged; the office works on unlinked.
     */
    async enrolAtStart(cityUrl: string, code: string): Promise<void> {
      if (record && record.revokedAt === null) {
        log.info({ cityUrl: record.cityUrl, officeId: record.officeId }, 'already linked to the city: JUNBAN_CITY_CODE is not used');
        return;
      }
      try {
        await linkWith(cityUrl, code);
      } catch (err) {
        if (closed) return;
        const message = err instanceof Error ? err.message : String(err);
        log.error({ cityUrl, err: message }, 'could not enrol with JUNBAN_CITY_URL and JUNBAN_CITY_CODE; the office works unlinked');
      }
    },
    /** Forms residents filled in at home, at the city: this office's id there, and the link to ask it over. */
    homeForms: {
      officeId: (): string | undefined => record?.officeId,
      fetch: (code: string) => link?.homeForm(code) ?? Promise.resolve(undefined),
      taken: (codes: string[]) => link?.homeFormTaken(codes),
    },
    /** Printers or kiosk limits changed (they change without a commit). */
    devicesChanged: () => link?.liveChanged(),
    /** Events were written without a commit (the demo's history): the link sends them now. */
    logAppended: () => link?.logAppended(),
    close: () => {
      closed = true;
      stop(true);
    },
  };
}
