/**
 * The city's schema, as ordered migrations kept in code. Each runs once, in order, recorded in `schema_migrations`;
 * all pending ones apply in one transaction, so a failed start leaves the schema as it was. Two city processes
 * starting at once take turns on an advisory lock: the second finds the work done.
 *
 * Instants are epoch milliseconds in `bigint` columns, like the office's.
 */
import type { Db } from './engine.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'staff, offices, the replicated logs, the catalogue',
    sql: `
      CREATE TABLE staff (
        id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('city-manager', 'city-admin')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at bigint NOT NULL
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE TABLE sign_in_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        last_at bigint NOT NULL,
        locked_until bigint NOT NULL
      );

      CREATE TABLE offices (
        id text PRIMARY KEY,
        name jsonb NOT NULL,
        created_at bigint NOT NULL,
        enrolled_at bigint,
        revoked_at bigint,
        credential_hash text UNIQUE,
        stored_seq bigint NOT NULL DEFAULT 0,
        backlog bigint NOT NULL DEFAULT 0,
        software_version text,
        catalogue_version integer,
        link_state text NOT NULL DEFAULT 'never' CHECK (link_state IN ('never', 'connected', 'disconnected', 'revoked')),
        -- The socket that holds the link now: a late disconnect of an older socket does not mark a live link down.
        link_socket text,
        last_contact_at bigint,
        config jsonb,
        config_at bigint
      );
      CREATE TABLE enrolment_codes (
        code_hash text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
      );
      CREATE INDEX enrolment_codes_office ON enrolment_codes (office_id);

      -- Each office's event log, as the office wrote it: stored once per office and seq.
      CREATE TABLE events (
        office_id text NOT NULL REFERENCES offices (id),
        seq bigint NOT NULL,
        at bigint NOT NULL,
        business_date text NOT NULL,
        type text NOT NULL,
        visit_id text,
        number text,
        step_id text,
        service_id text,
        counter_id text,
        actor text NOT NULL,
        data jsonb,
        PRIMARY KEY (office_id, seq)
      );
      CREATE INDEX events_office_date ON events (office_id, business_date);

      -- Every setup an office sent, kept as history; offices.config holds the latest.
      CREATE TABLE office_setups (
        id bigserial PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        at bigint NOT NULL,
        received_at bigint NOT NULL,
        config jsonb NOT NULL
      );
      CREATE INDEX office_setups_office ON office_setups (office_id, id);

      CREATE TABLE office_live (
        office_id text PRIMARY KEY REFERENCES offices (id),
        view jsonb NOT NULL,
        received_at bigint NOT NULL
      );

      -- Version 0 is the empty catalogue nobody saved yet; each save adds a version.
      CREATE TABLE catalogue_versions (
        version integer PRIMARY KEY,
        body jsonb NOT NULL,
        saved_at bigint NOT NULL,
        saved_by text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "socket.io's PostgreSQL adapter: messages too large for NOTIFY",
    sql: `
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      );
    `,
  },
  {
    version: 3,
    name: 'history: day and month summaries per office, summed from the replicated logs',
    sql: `
      -- How far each office's log is summed: every event up to through_seq is counted in the summaries below.
      CREATE TABLE history_state (
        office_id text PRIMARY KEY REFERENCES offices (id),
        through_seq bigint NOT NULL DEFAULT 0,
        summed_at bigint
      );

      -- The office's insight_service_days, per office: one row per business day and procedure (histograms as bytea).
      CREATE TABLE history_service_days (
        office_id text NOT NULL REFERENCES offices (id),
        business_date text NOT NULL,
        service_id text NOT NULL,
        weekday integer NOT NULL,
        arrivals integer NOT NULL,
        served integer NOT NULL,
        no_shows integer NOT NULL,
        cancelled integer NOT NULL,
        expired integer NOT NULL,
        wait bytea NOT NULL,
        walk bytea NOT NULL,
        service bytea NOT NULL,
        lost bytea NOT NULL,
        est_n integer NOT NULL,
        est_err_sum double precision NOT NULL,
        est_abs_err_sum double precision NOT NULL,
        est_within integer NOT NULL,
        PRIMARY KEY (office_id, business_date, service_id)
      );
      CREATE INDEX history_service_days_date ON history_service_days (business_date, office_id);

      -- The same rows merged by month, so views over years read a row per office, month and procedure.
      CREATE TABLE history_service_months (
        office_id text NOT NULL REFERENCES offices (id),
        month text NOT NULL,
        service_id text NOT NULL,
        arrivals integer NOT NULL,
        served integer NOT NULL,
        no_shows integer NOT NULL,
        cancelled integer NOT NULL,
        expired integer NOT NULL,
        wait bytea NOT NULL,
        walk bytea NOT NULL,
        service bytea NOT NULL,
        lost bytea NOT NULL,
        est_n integer NOT NULL,
        est_err_sum double precision NOT NULL,
        est_abs_err_sum double precision NOT NULL,
        est_within integer NOT NULL,
        -- Bit d-1 set when day d of the month had an arrival: days counted without reading the day rows.
        day_mask integer NOT NULL,
        PRIMARY KEY (office_id, month, service_id)
      );
      CREATE INDEX history_service_months_month ON history_service_months (month, office_id);

      -- And by calendar year, merged from the month rows: three years across offices read a row per office, year and procedure.
      CREATE TABLE history_service_years (
        office_id text NOT NULL REFERENCES offices (id),
        year text NOT NULL,
        service_id text NOT NULL,
        arrivals integer NOT NULL,
        served integer NOT NULL,
        no_shows integer NOT NULL,
        cancelled integer NOT NULL,
        expired integer NOT NULL,
        wait bytea NOT NULL,
        walk bytea NOT NULL,
        service bytea NOT NULL,
        lost bytea NOT NULL,
        est_n integer NOT NULL,
        est_err_sum double precision NOT NULL,
        est_abs_err_sum double precision NOT NULL,
        est_within integer NOT NULL,
        PRIMARY KEY (office_id, year, service_id)
      );
      CREATE INDEX history_service_years_year ON history_service_years (year, office_id);

      -- The office's insight_counter_days, per office.
      CREATE TABLE history_counter_days (
        office_id text NOT NULL REFERENCES offices (id),
        business_date text NOT NULL,
        counter_id text NOT NULL,
        calls integer NOT NULL,
        served integer NOT NULL,
        no_shows integer NOT NULL,
        walk bytea NOT NULL,
        service bytea NOT NULL,
        open_sec double precision NOT NULL,
        busy_sec double precision NOT NULL,
        idle_waiting_sec double precision NOT NULL,
        PRIMARY KEY (office_id, business_date, counter_id)
      );

      -- Each counter's status at a day's start: its last counter event before the day's first.
      CREATE INDEX events_counter_status ON events (office_id, counter_id, seq)
        WHERE type IN ('counter_opened', 'counter_paused', 'counter_closed');
    `,
  },
  {
    version: 4,
    name: "each office's public address, for links to its screens",
    sql: `ALTER TABLE offices ADD COLUMN public_url text;`,
  },
  {
    version: 5,
    name: "residents' status pages, for the public face",
    sql: `
      -- Each of an office's visits of the day as its status page shows it (no name), keyed by the SHA-256 of the token
      -- in the ticket's QR code: a phone's token is found by hashing it; no token can be made from what is here.
      CREATE TABLE visit_statuses (
        key text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        business_date text NOT NULL,
        status jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX visit_statuses_office ON visit_statuses (office_id, business_date);

      -- The status pages phones opened (by key): offices send those pages' statuses. Each is asked of every office
      -- (only the one that made the token knows it), again when an office connects, for a day.
      CREATE TABLE status_watches (
        key text PRIMARY KEY,
        asked_at bigint NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'notices to residents: the outbox, with contact details sealed',
    sql: `
      -- One row per notice to one resident through one channel. The contact detail is in target, sealed with the
      -- city's key (see notices/seal.ts), and only until it is no longer needed: cleared once sent, and with every
      -- notice of the visit when the visit ends. message holds what the notice says, which names nobody.
      CREATE TABLE notices (
        id text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        -- Which visit it belongs to, opaque here: what the visit's end erases.
        visit_key text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'webpush', 'line', 'webhook')),
        target bytea,
        message jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_at bigint NOT NULL,
        -- A city process delivering it holds it until then; past it, another process may take it again.
        lease_until bigint,
        -- In the channel's words, never the contact detail.
        last_error text,
        created_at bigint NOT NULL,
        sent_at bigint,
        dead_at bigint
      );
      CREATE INDEX notices_due ON notices (next_at) WHERE state = 'pending';
      CREATE INDEX notices_visit ON notices (office_id, visit_key);
      CREATE INDEX notices_dead ON notices (dead_at) WHERE state = 'dead';
    `,
  },
  {
    version: 7,
    name: "the city's one VAPID key pair, for Web Push notices",
    sql: `
      -- One row, made once by whichever city process needs it first: every process signs with the same key, the one
      -- residents' browsers subscribed with (a new pair would orphan every subscription).
      CREATE TABLE vapid_keys (
        id integer PRIMARY KEY CHECK (id = 1),
        public_key text NOT NULL,
        private_key text NOT NULL,
        subject text NOT NULL,
        created_at bigint NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'residents who asked to be told about their visit',
    sql: `
      -- From a visit's status page: the contact detail and the page's token, sealed with the city's key (bound to the
      -- row's id), how many ahead to be told at, and what was told. Deleted when the visit ends, and after a day.
      CREATE TABLE notice_subscriptions (
        id text PRIMARY KEY,
        key text NOT NULL,
        office_id text NOT NULL REFERENCES offices (id),
        sealed bytea NOT NULL,
        language text NOT NULL,
        ahead integer NOT NULL,
        told_ahead boolean NOT NULL,
        told_called_at bigint,
        told_step text,
        created_at bigint NOT NULL
      );
      CREATE INDEX notice_subscriptions_key ON notice_subscriptions (key);
    `,
  },
  {
    version: 9,
    name: 'limits for residents without an account, reminders to check in, and codes that link a visit to LINE',
    sql: `
      -- A keyed fingerprint, never the address or contact itself; a day's rows are deleted the next day.
      CREATE TABLE phone_limits (
        day text NOT NULL,
        kind text NOT NULL,
        fingerprint text NOT NULL,
        used integer NOT NULL,
        PRIMARY KEY (day, kind, fingerprint)
      );
      -- A number taken from a phone: the arrive-by time its resident was last told to check in by.
      ALTER TABLE notice_subscriptions ADD COLUMN told_check_in_for bigint;
      -- Notices by LINE: a one-time code the resident sends to the city's official account. The page's token is
      -- sealed (bound to the code); a code goes once used, or after 30 minutes.
      CREATE TABLE line_links (
        code text PRIMARY KEY,
        key text NOT NULL,
        sealed bytea NOT NULL,
        ahead integer NOT NULL,
        language text NOT NULL,
        created_at bigint NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'lines that moved, for residents’ status pages',
    sql: `
      -- A call moves every page in its line one place up: one move, applied to each page's last status when it is
      -- read (public/statuses.ts). A day's moves go with its statuses.
      CREATE TABLE line_moves (
        office_id text NOT NULL,
        service_id text NOT NULL,
        seq bigint NOT NULL,
        business_date text NOT NULL,
        move jsonb NOT NULL,
        PRIMARY KEY (office_id, service_id, seq)
      );
      -- A line's move is weighed for the notices of the visits followed at its office.
      CREATE INDEX notice_subscriptions_office ON notice_subscriptions (office_id);
    `,
  },
  {
    version: 11,
    name: 'visits booked from phones, and their reminders',
    sql: `
      -- The office keeps the booking (its reservations); the city keeps what it needs to find it again and to remind:
      -- the SHA-256 of the booking's link (the link itself stays with the phone), the office and the booking's code,
      -- the slot, and the contact to remind, sealed with the city's key (bound to the row's id) and erased once the
      -- slot has begun or the booking is cancelled. told_tomorrow_at and told_soon_at: the reminders sent.
      CREATE TABLE bookings (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        office_id text NOT NULL REFERENCES offices (id),
        code text NOT NULL,
        service_id text NOT NULL,
        slot_start bigint NOT NULL,
        slot_end bigint NOT NULL,
        language text NOT NULL,
        status text NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled')),
        remind_channel text,
        sealed bytea,
        told_tomorrow_at bigint,
        told_soon_at bigint,
        created_at bigint NOT NULL
      );
      CREATE INDEX bookings_reminders ON bookings (slot_start) WHERE sealed IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: 'forms residents fill in at home, sealed to their office',
    sql: `
      -- The office's public key for forms filled in at home (its link's hello); phones seal forms to it.
      ALTER TABLE offices ADD COLUMN form_key text;
      -- A form sealed on a resident's phone to the office's key: the city cannot open it. Kept under its check-in
      -- code until the office takes it at check-in, or until it expires.
      CREATE TABLE home_forms (
        code text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        service_id text NOT NULL,
        envelope text NOT NULL,
        -- A booking's or remote number's code the resident gave, for the form to travel with: a code, not a person.
        attach_code text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX home_forms_expiry ON home_forms (expires_at);
      CREATE INDEX home_forms_attached ON home_forms (office_id, attach_code);
    `,
  },
  {
    version: 13,
    name: 'card pick-up: references marked ready, and residents waiting to be told',
    sql: `
      -- A card or document ready to collect. The reference number is kept only as a keyed fingerprint (HMAC with a
      -- key derived from the city's): a copy of the database names no one and cannot be searched for a reference.
      CREATE TABLE pickups (
        ref_key text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (id),
        service_id text NOT NULL,
        ready_at bigint NOT NULL
      );
      CREATE INDEX pickups_age ON pickups (ready_at);
      -- A resident waiting to be told a reference is ready: the contact sealed (bound to the row), used once. Several
      -- may wait on one reference, so nobody can replace the resident's own contact with theirs.
      CREATE TABLE pickup_wishes (
        id text PRIMARY KEY,
        ref_key text NOT NULL,
        channel text NOT NULL,
        language text NOT NULL,
        sealed bytea NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX pickup_wishes_ref ON pickup_wishes (ref_key);
      CREATE INDEX pickup_wishes_age ON pickup_wishes (created_at);
    `,
  },
  {
    version: 14,
    name: 'a booking its resident confirmed from a reminder',
    sql: `
      -- When the resident tapped "I am coming" (the office keeps it too, for its staff).
      ALTER TABLE bookings ADD COLUMN confirmed_at bigint;
    `,
  },
  {
    version: 15,
    name: "city staff who sign in with the city's directory",
    sql: `
      -- Staff who sign in with the city's directory (LDAP/AD or OpenID Connect, access/directory.ts) get a staff record
      -- of their own, as an office's do (its migration 020), so sessions work as for local accounts. source says where
      -- the account comes from: 'local', a password kept here; 'directory', none (the directory checks it and sets
      -- the role at each sign-in).
      ALTER TABLE staff ADD COLUMN source text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'directory'));
      -- OpenID Connect sign-ins under way, until the provider sends the browser back (minutes): here, not in a
      -- process's memory, because the callback may reach another city process than the start did. Keyed by the
      -- SHA-256 of the state the browser holds in a cookie.
      CREATE TABLE oidc_sign_ins (
        state_hash text PRIMARY KEY,
        verifier text NOT NULL,
        nonce text NOT NULL,
        started_at bigint NOT NULL
      );
      CREATE INDEX oidc_sign_ins_age ON oidc_sign_ins (started_at);
    `,
  },
  {
    version: 16,
    name: 'residents told their documents are ready',
    sql: `
      -- The pick-up board: documents prepared while the resident waited, told ready once.
      ALTER TABLE notice_subscriptions ADD COLUMN told_ready boolean NOT NULL DEFAULT false;
    `,
  },
];

/** Any number; the same in every city process, so they take turns migrating. */
const MIGRATION_LOCK = 4_702_113;

export async function migrate(db: Db, now: () => number = Date.now): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
    }
  });
}

/** A migration's statements, one by one (a parameterised query runs one statement at a time). */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
