-- Staff accounts and the roles they hold in an agency or unit. Sign-in, sessions and policies
-- build on these (accounts module).
CREATE TABLE staff (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  full_name      text NOT NULL CHECK (length(btrim(full_name)) > 0),
  email          text NOT NULL DEFAULT '',
  password_hash  text NOT NULL,
  -- A temporary password (set by an admin or the demo) must be changed at the next sign-in.
  must_change_password boolean NOT NULL DEFAULT true,
  locked         boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_roles (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id   bigint NOT NULL REFERENCES staff(id),
  role       text NOT NULL CHECK (role IN ('desk_officer', 'specialist', 'unit_head', 'agency_leader', 'clerk',
                                           'agency_admin', 'province_admin', 'inspector')),
  agency_id  bigint NOT NULL REFERENCES agencies(id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX staff_roles_active ON staff_roles (staff_id, role, agency_id) WHERE revoked_at IS NULL;
CREATE INDEX staff_roles_agency ON staff_roles (agency_id);
