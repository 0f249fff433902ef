CREATE TABLE "dev_lms_roster_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"context_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "course_accommodations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"extra_days" integer DEFAULT 0 NOT NULL,
	"extra_attempts" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"granted_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lti_context_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"context_row_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"lms_status" text NOT NULL,
	"roles" jsonb NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_syncs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"context_row_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"requested_by_user_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"stats" jsonb DEFAULT '{"pages":0,"members":0,"added":0,"updated":0,"dropped":0}'::jsonb NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "code_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"file_name" text NOT NULL,
	"start_line" integer NOT NULL,
	"end_line" integer NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "show_grader_names" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "last_launch_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "sections" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lti_contexts" ADD COLUMN "staff_launched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignment_extensions" ADD COLUMN "extra_days" integer;--> statement-breakpoint
ALTER TABLE "assignment_extensions" ADD COLUMN "extra_attempts" integer;--> statement-breakpoint
ALTER TABLE "grade_history" ADD COLUMN "kind" text DEFAULT 'autograde' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "auto_score" numeric(10, 2);--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "overridden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "overridden_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "course_accommodations" ADD CONSTRAINT "course_accommodations_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_accommodations" ADD CONSTRAINT "course_accommodations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_accommodations" ADD CONSTRAINT "course_accommodations_granted_by_user_id_users_id_fk" FOREIGN KEY ("granted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_context_members" ADD CONSTRAINT "lti_context_members_context_row_id_lti_contexts_id_fk" FOREIGN KEY ("context_row_id") REFERENCES "public"."lti_contexts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti_context_members" ADD CONSTRAINT "lti_context_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_syncs" ADD CONSTRAINT "roster_syncs_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_syncs" ADD CONSTRAINT "roster_syncs_context_row_id_lti_contexts_id_fk" FOREIGN KEY ("context_row_id") REFERENCES "public"."lti_contexts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_syncs" ADD CONSTRAINT "roster_syncs_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_comments" ADD CONSTRAINT "code_comments_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_comments" ADD CONSTRAINT "code_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_comments" ADD CONSTRAINT "code_comments_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dev_lms_roster_changes_idx" ON "dev_lms_roster_changes" USING btree ("context_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_accommodations_course_user_idx" ON "course_accommodations" USING btree ("course_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lti_context_members_context_user_idx" ON "lti_context_members" USING btree ("context_row_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roster_syncs_one_active_idx" ON "roster_syncs" USING btree ("context_row_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "roster_syncs_course_idx" ON "roster_syncs" USING btree ("course_id","created_at");--> statement-breakpoint
CREATE INDEX "roster_syncs_status_idx" ON "roster_syncs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "code_comments_submission_idx" ON "code_comments" USING btree ("submission_id","version");--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_overridden_by_user_id_users_id_fk" FOREIGN KEY ("overridden_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submissions_course_idx" ON "submissions" USING btree ("course_id");--> statement-breakpoint
-- Hand-written backfill (rows written before this migration): overrides were grade_history rows with an actor,
-- LTI enrollments have launched at least once, and a course with an LTI staff enrollment had a staff launch.
UPDATE "grade_history" SET "kind" = 'override' WHERE "actor_user_id" IS NOT NULL;--> statement-breakpoint
UPDATE "submissions" s SET "auto_score" = r."score" FROM (SELECT DISTINCT ON ("submission_id") "submission_id", "score" FROM "grading_runs" ORDER BY "submission_id", "created_at" DESC) r WHERE r."submission_id" = s."id";--> statement-breakpoint
UPDATE "submissions" s SET "overridden_at" = h."created_at", "overridden_by_user_id" = h."actor_user_id" FROM (SELECT DISTINCT ON ("submission_id") "submission_id", "created_at", "actor_user_id" FROM "grade_history" ORDER BY "submission_id", "created_at" DESC) h WHERE h."submission_id" = s."id" AND h."actor_user_id" IS NOT NULL;--> statement-breakpoint
UPDATE "enrollments" SET "last_launch_at" = "updated_at" WHERE "source" = 'lti';--> statement-breakpoint
UPDATE "lti_contexts" c SET "staff_launched_at" = now() WHERE EXISTS (SELECT 1 FROM "enrollments" e WHERE e."course_id" = c."course_id" AND e."source" = 'lti' AND e."role" IN ('instructor', 'ta', 'designer'));
