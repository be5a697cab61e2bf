/**
 * zod without its compiled parsers, for a page under a CSP without 'unsafe-eval'. Imported first by the entry that
 * needs it: zod decides whether to compile (and probes `new Function`, which such a CSP reports as a violation) when
 * each schema is built, so this must run before any is.
 */
import { z } from 'zod';

z.config({ jitless: true });
