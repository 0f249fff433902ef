ALTER TABLE "assignments" ADD COLUMN "slug" text DEFAULT 'assignment-' || substr(gen_random_uuid()::text, 1, 8) NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "read_only_files" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "reference_files" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "attempt_limit" integer;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "score_counting" text DEFAULT 'last' NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "graded_by" text DEFAULT 'autograder' NOT NULL;--> statement-breakpoint
-- Hand-written: an assignment without tests graded everyone 0; it is graded by staff instead (never a silent 0).
UPDATE "assignments" SET "graded_by" = 'staff' WHERE "function_tests" = '[]'::jsonb AND "io_cases" = '[]'::jsonb;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "starts_on" date;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "ta_can_edit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_course_slug_idx" ON "assignments" USING btree ("course_id","slug") WHERE "assignments"."deleted_at" is null;