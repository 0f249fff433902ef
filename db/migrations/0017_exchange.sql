CREATE TABLE "exchange_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exchange_assignment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"action" text NOT NULL,
	"release_id" uuid,
	"submission_id" uuid,
	"feedback_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation" text NOT NULL,
	"code" text NOT NULL,
	"course_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"notebook" text NOT NULL,
	"instructor_user_id" uuid NOT NULL,
	"checksum" text NOT NULL,
	"storage_key" text,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exchange_assignment_id" uuid NOT NULL,
	"released_by_user_id" uuid NOT NULL,
	"notebooks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"storage_key" text,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exchange_assignment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"timestamp" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"storage_key" text,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "exchange_users_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"username" text NOT NULL,
	"organisation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_users_org_username_key" UNIQUE NULLS NOT DISTINCT("organisation","username")
);
--> statement-breakpoint
ALTER TABLE "exchange_actions" ADD CONSTRAINT "exchange_actions_exchange_assignment_id_exchange_assignments_id_fk" FOREIGN KEY ("exchange_assignment_id") REFERENCES "public"."exchange_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_actions" ADD CONSTRAINT "exchange_actions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_actions" ADD CONSTRAINT "exchange_actions_release_id_exchange_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."exchange_releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_actions" ADD CONSTRAINT "exchange_actions_submission_id_exchange_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."exchange_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_actions" ADD CONSTRAINT "exchange_actions_feedback_id_exchange_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."exchange_feedback"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_assignments" ADD CONSTRAINT "exchange_assignments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_assignments" ADD CONSTRAINT "exchange_assignments_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_courses" ADD CONSTRAINT "exchange_courses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_feedback" ADD CONSTRAINT "exchange_feedback_submission_id_exchange_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."exchange_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_feedback" ADD CONSTRAINT "exchange_feedback_instructor_user_id_users_id_fk" FOREIGN KEY ("instructor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_releases" ADD CONSTRAINT "exchange_releases_exchange_assignment_id_exchange_assignments_id_fk" FOREIGN KEY ("exchange_assignment_id") REFERENCES "public"."exchange_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_releases" ADD CONSTRAINT "exchange_releases_released_by_user_id_users_id_fk" FOREIGN KEY ("released_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_submissions" ADD CONSTRAINT "exchange_submissions_exchange_assignment_id_exchange_assignments_id_fk" FOREIGN KEY ("exchange_assignment_id") REFERENCES "public"."exchange_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_submissions" ADD CONSTRAINT "exchange_submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_users" ADD CONSTRAINT "exchange_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_actions_assignment_idx" ON "exchange_actions" USING btree ("exchange_assignment_id","created_at");--> statement-breakpoint
CREATE INDEX "exchange_actions_user_idx" ON "exchange_actions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_assignments_course_code_idx" ON "exchange_assignments" USING btree ("course_id","code") WHERE "exchange_assignments"."purged_at" is null;--> statement-breakpoint
CREATE INDEX "exchange_assignments_assignment_idx" ON "exchange_assignments" USING btree ("assignment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_courses_org_code_idx" ON "exchange_courses" USING btree ("organisation","code");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_courses_course_idx" ON "exchange_courses" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "exchange_feedback_submission_idx" ON "exchange_feedback" USING btree ("submission_id","notebook","created_at");--> statement-breakpoint
CREATE INDEX "exchange_releases_assignment_idx" ON "exchange_releases" USING btree ("exchange_assignment_id","created_at");--> statement-breakpoint
CREATE INDEX "exchange_submissions_assignment_user_idx" ON "exchange_submissions" USING btree ("exchange_assignment_id","user_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_users_user_idx" ON "exchange_users" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_users_number_idx" ON "exchange_users" USING btree ("number");