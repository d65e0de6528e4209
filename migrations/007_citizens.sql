-- Citizens, known only through the OpenID provider they sign in with (VNeID via the national portal).
-- subject is the provider's issuer and the person's `sub` there ("<issuer>|<sub>"): a `sub` is unique
-- only within its issuer. id_number is the 12-digit personal ID the provider vouches for.
CREATE TABLE citizens (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject          text NOT NULL UNIQUE,
  id_number        text NOT NULL,
  full_name        text,
  assurance_level  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX citizens_id_number ON citizens (id_number);

ALTER TABLE sessions
  ADD CONSTRAINT sessions_citizen_fk FOREIGN KEY (citizen_id) REFERENCES citizens(id),
  ADD CONSTRAINT sessions_citizen_kind CHECK ((kind = 'citizen') = (citizen_id IS NOT NULL));

-- A sign-in started and not yet finished: what the callback must check (state, nonce, the PKCE
-- verifier) and where to go after. A row is used once (deleted when the callback takes it) and is
-- worthless after 10 minutes.
CREATE TABLE oidc_logins (
  state          text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  next_path      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_logins_created_at ON oidc_logins (created_at);
