ALTER TABLE "sessions" ADD COLUMN "grant_id" uuid;--> statement-breakpoint
CREATE INDEX "sessions_grant_idx" ON "sessions" USING btree ("grant_id");