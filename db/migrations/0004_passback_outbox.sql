CREATE TABLE "grade_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"score_given" numeric(10, 2),
	"score_maximum" numeric(10, 2) NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"platform_id" uuid,
	"line_item_url" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_http_status" integer,
	"delivered_at" timestamp with time zone,
	"skipped_unchanged" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lms_line_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_link_row_id" uuid NOT NULL,
	"line_item_url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lms_score_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_item_url" text NOT NULL,
	"lms_user_id" text NOT NULL,
	"score_given" numeric(10, 2),
	"score_maximum" numeric(10, 2) NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL,
	"outbox_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grade_outbox" ADD CONSTRAINT "grade_outbox_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_outbox" ADD CONSTRAINT "grade_outbox_platform_id_lti_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lms_line_items" ADD CONSTRAINT "lms_line_items_resource_link_row_id_lti_resource_links_id_fk" FOREIGN KEY ("resource_link_row_id") REFERENCES "public"."lti_resource_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lms_score_deliveries" ADD CONSTRAINT "lms_score_deliveries_outbox_id_grade_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."grade_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_outbox_due_idx" ON "grade_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "grade_outbox_submission_idx" ON "grade_outbox" USING btree ("submission_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lms_line_items_resource_link_idx" ON "lms_line_items" USING btree ("resource_link_row_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lms_score_deliveries_item_user_idx" ON "lms_score_deliveries" USING btree ("line_item_url","lms_user_id");