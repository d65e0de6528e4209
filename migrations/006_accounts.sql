-- Sign-in, sessions, second factor, lock-out and delegations for staff.
ALTER TABLE staff
  ADD COLUMN agency_id bigint REFERENCES agencies(id),
  ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN password_changed_at timestamptz;
-- The agency that employs a person: the first agency they hold a role in, for existing rows.
UPDATE staff s SET agency_id = (SELECT r.agency_id FROM staff_roles r WHERE r.staff_id = s.id ORDER BY r.id LIMIT 1);

-- A session is known by the SHA-256 of its cookie token, so a copy of this table opens nothing.
CREATE TABLE sessions (
  token_hash         text PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('staff', 'citizen')),
  staff_id           bigint REFERENCES staff(id),
  citizen_id         bigint,
  csrf_token         text NOT NULL,
  second_factor_done boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  revoked_at         timestamptz,
  ip                 text,
  CHECK ((kind = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX sessions_staff ON sessions (staff_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_citizen ON sessions (citizen_id) WHERE revoked_at IS NULL;

-- A leader lends a role they hold to an acting person for a period; every action taken with it
-- names the leader. It lapses with the period, by revocation, or when the leader loses the role.
CREATE TABLE delegations (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delegator_id   bigint NOT NULL REFERENCES staff(id),
  delegate_id    bigint NOT NULL REFERENCES staff(id),
  role           text NOT NULL,
  agency_id      bigint NOT NULL REFERENCES agencies(id),
  valid_from     date NOT NULL,
  valid_to       date NOT NULL,
  reason         text NOT NULL CHECK (length(btrim(reason)) > 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  CHECK (delegator_id <> delegate_id),
  CHECK (valid_to >= valid_from AND valid_to <= valid_from + 366)
);
CREATE INDEX delegations_delegate ON delegations (delegate_id) WHERE revoked_at IS NULL;

-- A second-factor secret being enrolled: kept with the session until the person proves it with a code.
ALTER TABLE sessions ADD COLUMN pending_totp_secret text;
