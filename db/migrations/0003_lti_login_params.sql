-- Login states begun before this migration hold no login parameters, so their launch could not be checked against
-- them (lib/lti/verify.ts); they expire within minutes anyway, and a platform user whose login was in flight just
-- launches again. Deleting them first lets the NOT NULL column apply to a live database (issue 10, item 15).
DELETE FROM "lti_login_states";--> statement-breakpoint
ALTER TABLE "lti_login_states" ADD COLUMN "login_params" jsonb NOT NULL;