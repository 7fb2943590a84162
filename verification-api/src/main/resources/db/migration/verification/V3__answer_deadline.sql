-- Issue 17: a challenge takes answers until a deadline fixed when it opens (fds-service's hold
-- deadline minus a margin); a resend restarts the code's validity but never past it. Challenges
-- opened before this column existed keep the end of their current code as their deadline.
ALTER TABLE verification.challenge ADD COLUMN answer_deadline timestamptz;
UPDATE verification.challenge SET answer_deadline = expires_at;
ALTER TABLE verification.challenge ALTER COLUMN answer_deadline SET NOT NULL;
ALTER TABLE verification.challenge
    ADD CONSTRAINT challenge_expiry_within_deadline CHECK (expires_at <= answer_deadline);
