/** The office's endpoints for its link to the city: enrol with a one-time code, see the link's state, unlink. */
import { z } from 'zod';
import { Ok, endpoint } from '../common/endpoint.js';
import { LocalizedText } from '../common/model.js';
import { EnrolmentCode, OfficeId } from './model.js';
import { cityLinkRoutes } from './link-routes.js';

/** The office's view of its link, for the admin's setup page and the health of the office. */
export const CityLinkView = z.object({
  linked: z.boolean(),
  /** The city's address, e.g. https://junban.city.example.lg.jp */
  cityUrl: z.string().nullable(),
  officeId: OfficeId.nullable(),
  officeName: LocalizedText.nullable(),
  state: z.enum(['unlinked', 'connecting', 'connected', 'disconnected', 'revoked']),
  /** Every event up to this one is stored at the city. */
  ackedSeq: z.number().int(),
  /** The last event of this office's log. */
  lastSeq: z.number().int(),
  lastContactAt: z.number().nullable(),
  /** The catalogue version this office runs, or null if it follows none. */
  catalogueVersion: z.number().int().nullable(),
});
export type CityLinkView = z.infer<typeof CityLinkView>;

export const cityLinkApi = {
  cityLink: endpoint({
    ...cityLinkRoutes.cityLink,
    permission: 'stats:read',
    summary: "This office's link to the city: linked or not, its state, how far the city has stored its log, the catalogue version it runs.",
    input: z.object({}),
    output: CityLinkView,
  }),
  linkToCity: endpoint({
    ...cityLinkRoutes.linkToCity,
    permission: 'config:write',
    errors: ['city/bad_code', 'city/unreachable'],
    summary:
      "Enrol this office at the city with the one-time code the city's admin gave: the office connects out to the city " +
      'from now on and sends its event log, setup and live public view. The city never connects in.',
    input: z.object({ cityUrl: z.url({ protocol: /^https?$/ }).max(300), code: EnrolmentCode }),
    output: CityLinkView,
  }),
  unlinkFromCity: endpoint({
    ...cityLinkRoutes.unlinkFromCity,
    permission: 'config:write',
    errors: ['city/not_linked'],
    summary: 'Stop linking to the city and forget the credential. The office works on as before.',
    input: z.object({}),
    output: Ok,
  }),
} as const;
