ALTER TABLE "grading_jobs" DROP CONSTRAINT "grading_jobs_versionId_unique";--> statement-breakpoint
DROP INDEX "grading_jobs_status_run_after_idx";--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "submission_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "version_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "purpose" text DEFAULT 'submission' NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "course_id" uuid;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "assignment_id" uuid;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "code_state_id" uuid;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "tests" jsonb;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "results" jsonb;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD COLUMN "failure" text;--> statement-breakpoint
-- Hand-written: existing jobs get their course, assignment, student and files from their submission and version,
-- then the columns become NOT NULL (drizzle-kit would add them NOT NULL at once, which fails on existing rows).
UPDATE "grading_jobs" j SET "course_id" = s."course_id", "assignment_id" = s."assignment_id", "user_id" = s."user_id", "code_state_id" = v."code_state_id"
  FROM "submissions" s, "submission_versions" v WHERE s."id" = j."submission_id" AND v."id" = j."version_id";--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "course_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "assignment_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "grading_jobs" ALTER COLUMN "code_state_id" SET NOT NULL;--> statement-breakpoint
-- Hand-written data migration: function tests written before call tests existed are assert tests.
UPDATE "assignments" SET "function_tests" = (
  SELECT coalesce(jsonb_agg(CASE WHEN t ? 'kind' THEN t ELSE t || '{"kind": "assert"}'::jsonb END ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements("function_tests") WITH ORDINALITY AS e(t, n)
) WHERE jsonb_typeof("function_tests") = 'array' AND jsonb_array_length("function_tests") > 0;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_code_state_id_code_states_id_fk" FOREIGN KEY ("code_state_id") REFERENCES "public"."code_states"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grading_jobs_claim_idx" ON "grading_jobs" USING btree ("status","priority","run_after");--> statement-breakpoint
CREATE INDEX "grading_jobs_version_idx" ON "grading_jobs" USING btree ("version_id");