ALTER TABLE "grade_outbox" ADD COLUMN "force" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grade_outbox" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
CREATE INDEX "grade_outbox_batch_idx" ON "grade_outbox" USING btree ("batch_id");