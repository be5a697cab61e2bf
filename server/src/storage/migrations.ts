/** Ordered, named schema changes. Append new ones at the end; never edit one that has shipped. */
export const migrations: { name: string; sql: string }[] = [
  {
    name: '001_office',
    sql: `
      -- The office configuration is one document, replaced as a whole so every reader sees a consistent version.
      CREATE TABLE office_config (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE counter_status (counter_id TEXT PRIMARY KEY, status TEXT NOT NULL) WITHOUT ROWID;

      -- The last number given per business day and prefix, committed with the visit that used it.
      CREATE TABLE number_sequences (
        business_date TEXT NOT NULL, prefix TEXT NOT NULL, last INTEGER NOT NULL,
        PRIMARY KEY (business_date, prefix)
      ) WITHOUT ROWID;

      CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        business_date TEXT NOT NULL,
        number TEXT NOT NULL,
        is_open INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (business_date, number)
      );
      CREATE INDEX visits_open ON visits (is_open) WHERE is_open = 1;

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        type TEXT NOT NULL,
        visit_id TEXT, number TEXT, step_id TEXT, service_id TEXT, counter_id TEXT,
        actor TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_date ON events (business_date, seq);
      CREATE INDEX events_visit ON events (visit_id);
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

      CREATE TABLE reservations (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        service_id TEXT NOT NULL,
        business_date TEXT NOT NULL,
        slot_start INTEGER NOT NULL,
        slot_end INTEGER NOT NULL,
        status TEXT NOT NULL,
        visit_id TEXT,
        note TEXT
      );
      CREATE INDEX reservations_date ON reservations (business_date, slot_start);

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        revoked_at INTEGER
      );
    `,
  },
  {
    name: '002_display_settings',
    sql: `
      -- What each wall display shows (counters, procedures, second language), as a JSON document; NULL shows all.
      ALTER TABLE devices ADD COLUMN display TEXT;
    `,
  },
  {
    name: '003_printing',
    sql: `
      -- A kiosk's printer and ticket limit, as a JSON document; NULL: defaults.
      ALTER TABLE devices ADD COLUMN kiosk TEXT;

      -- Every ticket sent to a printer. A failed one stays on staff's list until it is reprinted (resolved = 1).
      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL,
        number TEXT NOT NULL,
        business_date TEXT NOT NULL,
        printer_id TEXT NOT NULL,
        kiosk_id TEXT,
        language TEXT NOT NULL,
        reprint INTEGER NOT NULL,
        state TEXT NOT NULL,
        problem TEXT,
        created_at INTEGER NOT NULL,
        done_at INTEGER,
        resolved INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX print_jobs_open ON print_jobs (business_date) WHERE state != 'printed' AND resolved = 0;

      -- Each change of a printer's state (paper out, cover open, back to ready), for the admin's printer page.
      CREATE TABLE printer_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, printer_id TEXT NOT NULL, state TEXT NOT NULL, job_id TEXT);

      -- Secrets the server makes for itself on first start (the key that signs visit status links).
      CREATE TABLE server_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    name: '004_config_changes',
    sql: `
      -- Who changed the office's setup or its accounts, when, through which endpoint and what (never a password or
      -- token). Append-only like the event log: the history is what an admin checks after something went wrong.
      CREATE TABLE config_changes (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        target TEXT,
        summary TEXT NOT NULL
      );
      CREATE TRIGGER config_changes_no_update BEFORE UPDATE ON config_changes BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END;
      CREATE TRIGGER config_changes_no_delete BEFORE DELETE ON config_changes BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END;
    `,
  },
  {
    name: '005_visit_forms',
    sql: `
      -- A floor guide's pre-filled form per visit and procedure. Personal data: only AES-256-GCM ciphertext of
      -- {values, documents} is stored (the key is outside the database), and rows are deleted when the visit's
      -- business day closes (plus the office's retention days). business_date stays in clear so the purge needs no key.
      CREATE TABLE visit_forms (
        visit_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        business_date TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (visit_id, service_id)
      ) WITHOUT ROWID;
      CREATE INDEX visit_forms_date ON visit_forms (business_date);

      -- Who created, read, changed, printed or purged which visit's form, and when; a change names the field, never
      -- its value. Append-only like the event log, and kept after the forms themselves are purged.
      CREATE TABLE form_audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        visit_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('created', 'read', 'updated', 'printed', 'purged')),
        field TEXT
      );
      CREATE INDEX form_audit_visit ON form_audit (visit_id, seq);
      CREATE TRIGGER form_audit_no_update BEFORE UPDATE ON form_audit BEGIN SELECT RAISE(ABORT, 'the form audit log is append-only'); END;
      CREATE TRIGGER form_audit_no_delete BEFORE DELETE ON form_audit BEGIN SELECT RAISE(ABORT, 'the form audit log is append-only'); END;
    `,
  },
  {
    name: '006_insights',
    sql: `
      -- Each business day summed up from the event log (see insights/day-summary.ts), so history over years reads a
      -- few thousand rows. Durations are histograms (insights/histogram.ts, as BLOBs). Rebuilt whenever the day's events
      -- change; insight_state remembers up to which event everything is summed.
      CREATE TABLE insight_service_days (
        business_date TEXT NOT NULL, service_id TEXT NOT NULL, weekday INTEGER NOT NULL,
        arrivals INTEGER NOT NULL, served INTEGER NOT NULL, no_shows INTEGER NOT NULL, cancelled INTEGER NOT NULL, expired INTEGER NOT NULL,
        wait BLOB NOT NULL, walk BLOB NOT NULL, service BLOB NOT NULL, lost BLOB NOT NULL,
        est_n INTEGER NOT NULL, est_err_sum REAL NOT NULL, est_abs_err_sum REAL NOT NULL, est_within INTEGER NOT NULL,
        PRIMARY KEY (business_date, service_id)
      ) WITHOUT ROWID;
      CREATE TABLE insight_service_hours (
        business_date TEXT NOT NULL, service_id TEXT NOT NULL, hour INTEGER NOT NULL, weekday INTEGER NOT NULL,
        arrivals INTEGER NOT NULL, wait_sum REAL NOT NULL, wait_n INTEGER NOT NULL,
        PRIMARY KEY (business_date, service_id, hour)
      ) WITHOUT ROWID;
      CREATE TABLE insight_counter_days (
        business_date TEXT NOT NULL, counter_id TEXT NOT NULL,
        calls INTEGER NOT NULL, served INTEGER NOT NULL, no_shows INTEGER NOT NULL, walk BLOB NOT NULL, service BLOB NOT NULL,
        open_sec REAL NOT NULL, busy_sec REAL NOT NULL, idle_waiting_sec REAL NOT NULL,
        PRIMARY KEY (business_date, counter_id)
      ) WITHOUT ROWID;
      CREATE TABLE insight_state (id INTEGER PRIMARY KEY CHECK (id = 1), through_seq INTEGER NOT NULL);
      INSERT INTO insight_state (id, through_seq) VALUES (1, 0);
      -- A counter's status when a day begins is its last status event before it.
      CREATE INDEX events_counter_status ON events (counter_id, seq) WHERE type IN ('counter_opened', 'counter_paused', 'counter_closed');
    `,
  },
  {
    name: '007_service_times',
    sql: `
      -- Each procedure's latest service times, read at start for its estimate (queue/store.ts recentFinished).
      CREATE INDEX events_finished ON events (service_id, seq) WHERE type = 'finished';
    `,
  },
  {
    name: '008_idempotency_keys',
    sql: `
      -- The first answer to each action a client named with an Idempotency-Key, so that sending it again (the answer
      -- was lost) gets the same answer and changes nothing (api/idempotency.ts). Kept 24 hours.
      CREATE TABLE idempotency_keys (
        actor TEXT NOT NULL,
        key TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        request TEXT NOT NULL,
        answer TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (actor, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_at ON idempotency_keys (at);
    `,
  },
  {
    name: '009_notes',
    sql: `
      -- Staff's notes on a visit or a booking (notes/notes.ts). Personal data like a form: only AES-256-GCM ciphertext
      -- (the forms' key), deleted when the business day closes. The visit's JSON and reservations.note no longer hold
      -- them; notes an earlier version kept in clear are sealed and cleared at start (Notes.sealClearNotes).
      CREATE TABLE notes (
        subject TEXT NOT NULL CHECK (subject IN ('visit', 'reservation')),
        id TEXT NOT NULL,
        business_date TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (subject, id)
      ) WITHOUT ROWID;
      CREATE INDEX notes_date ON notes (business_date);
    `,
  },
  {
    name: '010_event_log_gap_free',
    sql: `
      -- Each event's seq is the one after the largest before it: 1, 2, 3… with no gap, so a replica asks for "the events
      -- after N" (event-log/event-log.ts). Updates and deletes are refused already; this refuses a row that is not the
      -- next one, whoever inserts it. Rows already stored are not checked again.
      CREATE TRIGGER events_gap_free AFTER INSERT ON events
      WHEN NEW.seq <> (SELECT MAX(seq) FROM events) OR NEW.seq <> 1 + IFNULL((SELECT MAX(seq) FROM events WHERE seq < NEW.seq), 0)
      BEGIN SELECT RAISE(ABORT, 'an event''s seq must follow the last one without a gap'); END;
    `,
  },
  {
    name: '011_health_probe',
    sql: `
      -- One row /health rewrites when the office has written nothing since the last look (storage/faults.ts): an idle
      -- office's disk gone read-only or full shows before the morning's first ticket.
      CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
    `,
  },
  {
    name: '012_note_audit',
    sql: `
      -- Who wrote, erased, read or purged which note, and when (notes/notes.ts); never the text. Like form_audit, it
      -- outlives the purge: it is how an office answers "who saw what was written about me".
      CREATE TABLE note_audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        subject TEXT NOT NULL CHECK (subject IN ('visit', 'reservation')),
        subject_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('written', 'erased', 'read', 'purged'))
      );
      CREATE INDEX note_audit_subject ON note_audit (subject, subject_id);
    `,
  },
  {
    name: '013_city_link',
    sql: `
      -- This office's link to the city (city-link/): at most one. The credential is sealed with the forms' key, so a
      -- copied junban.db alone cannot speak for the office. acked_seq is how far the city said it stored the event log
      -- (kept for the admin page while offline; the city's own answer decides where sending resumes). catalogue is the
      -- last catalogue applied, with its locked flags.
      CREATE TABLE city_link (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        city_url TEXT NOT NULL,
        office_id TEXT NOT NULL,
        office_name TEXT NOT NULL,
        token_nonce BLOB NOT NULL,
        token_ciphertext BLOB NOT NULL,
        linked_at INTEGER NOT NULL,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        catalogue TEXT,
        catalogue_version INTEGER,
        last_contact_at INTEGER,
        revoked_at INTEGER
      );
    `,
  },
  {
    name: '014_city_public_url',
    sql: `
      -- Where the city's public face is, as its welcome said: a linked office's tickets point residents' phones there,
      -- also while the link is down (the phone reaches the city, which shows the last status it had).
      ALTER TABLE city_link ADD COLUMN city_public_url TEXT;
    `,
  },
  {
    name: '015_phone_bookings',
    sql: `
      -- Bookings made from a phone through the city (issue 19) are ordinary reservations; source says who booked
      -- ('staff': the reservations page or its CSV import, 'phone': a resident through the city), language the
      -- resident's. A slot's taken places are counted by slot start, so the count reads the existing date index.
      ALTER TABLE reservations ADD COLUMN source TEXT NOT NULL DEFAULT 'staff';
      ALTER TABLE reservations ADD COLUMN language TEXT;
    `,
  },
  {
    name: '016_home_forms_taken',
    sql: `
      -- Forms residents filled in at home (forms/home-forms.ts): each check-in code the office took from the city,
      -- and the visit it joined, so a code checks in once even if the city never heard that it was taken. Only the
      -- code (which the city chose), never the form: the form itself is kept with the visit's forms.
      CREATE TABLE home_forms_taken (
        code TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL,
        business_date TEXT NOT NULL,
        taken_at INTEGER NOT NULL
      );
    `,
  },
  {
    name: '017_booking_confirmed',
    sql: `
      -- A resident who booked from a phone said "I am coming" (one tap from a reminder): when, so staff see who is
      -- expected. A booking nobody confirmed is still a booking.
      ALTER TABLE reservations ADD COLUMN confirmed_at INTEGER;
    `,
  },
  {
    name: '018_ratings',
    sql: `
      -- A resident's rating after service (issue 20), one per visit: the visit's id only to keep it to one, the
      -- procedure and counter of its last step for the figures, and where it was given. No name, no contact, no token.
      CREATE TABLE ratings (
        visit_id TEXT PRIMARY KEY,
        business_date TEXT NOT NULL,
        service_id TEXT,
        counter_id TEXT,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        source TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX ratings_date ON ratings (business_date);
    `,
  },
  {
    name: '019_screen_notices',
    sql: `
      -- Notices managers post to the waiting-room screens (issue 20): a message until a set time, or an emergency
      -- until withdrawn. device_ids is a JSON array (empty: every display and kiosk). Kept after withdrawal, as a record.
      CREATE TABLE screen_notices (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        device_ids TEXT NOT NULL,
        posted_at INTEGER NOT NULL,
        posted_by TEXT NOT NULL,
        until INTEGER,
        withdrawn_at INTEGER
      );
    `,
  },
  {
    name: '020_staff_directory',
    sql: `
      -- Staff who sign in with the city's directory (LDAP/AD or OpenID Connect, access/directory/) get a staff record
      -- of their own, so audit, presence and sessions work as for local accounts. source says where the account
      -- comes from ('local': a password kept here; 'directory': none, the directory checks it and sets the role).
      ALTER TABLE staff ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
    `,
  },
  {
    name: '021_staff_counters',
    sql: `
      -- The counters a directory account may work at, from its groups (access/directory/mapping.ts): a JSON array, or
      -- NULL for any counter (every local account, and a directory account whose groups name no counters).
      ALTER TABLE staff ADD COLUMN counters TEXT;
    `,
  },
];
