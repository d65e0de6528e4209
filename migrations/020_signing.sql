-- Digital signatures (chữ ký số). The development certificate authority is created on first use;
-- a province's real keys are imported as PKCS#12 files. Private keys and PKCS#12 files are stored
-- sealed (AES-256-GCM under SIGNING_KEY_SECRET); certificates and CRLs are public and stored as DER.
CREATE TABLE signing_authorities (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose         text NOT NULL UNIQUE CHECK (purpose IN ('development')),
  certificate     bytea NOT NULL,
  private_key     bytea NOT NULL,
  -- The latest CRL it issued and that CRL's number (a new CRL after every revocation and every day).
  crl             bytea,
  crl_number      bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per signing certificate with its key: an officer's (staff_id) or an organisation's
-- seal (agency_id only). Revocation is recorded here and published in the authority's CRL.
CREATE TABLE signing_keys (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  holder_kind       text NOT NULL CHECK (holder_kind IN ('officer', 'organisation')),
  staff_id          bigint REFERENCES staff(id),
  agency_id         bigint NOT NULL REFERENCES agencies(id),
  -- Null for a key imported from another CA.
  authority_id      bigint REFERENCES signing_authorities(id),
  subject           text NOT NULL,
  issuer            text NOT NULL,
  serial            text NOT NULL CHECK (serial ~ '^[0-9a-f]+$'),
  not_before        timestamptz NOT NULL,
  not_after         timestamptz NOT NULL,
  certificate       bytea NOT NULL,
  pkcs12            bytea NOT NULL,
  pkcs12_password   bytea NOT NULL,
  revoked_at        timestamptz,
  revocation_reason text CHECK (revocation_reason IN ('unspecified', 'key_compromise', 'ca_compromise', 'affiliation_changed',
                                                      'superseded', 'cessation_of_operation')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, serial),
  CHECK ((holder_kind = 'officer') = (staff_id IS NOT NULL)),
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX signing_keys_staff ON signing_keys (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX signing_keys_agency ON signing_keys (agency_id, holder_kind);
CREATE INDEX signing_keys_revoked ON signing_keys (authority_id) WHERE revoked_at IS NOT NULL;
