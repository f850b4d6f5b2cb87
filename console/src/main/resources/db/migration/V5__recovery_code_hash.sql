-- Recovery codes as Argon2id hashes (salted, slow) of their secret part, looked up by a short id
-- that opens each code: a copy of the database no longer gives away second factors. The codes of
-- the first format (an unsalted SHA-256 of about 50 bits) are retired; whoever had them makes new
-- ones by enrolling the authenticator again.
ALTER TABLE recovery_code ADD COLUMN secret_hash VARCHAR(255);
DELETE FROM recovery_code;
