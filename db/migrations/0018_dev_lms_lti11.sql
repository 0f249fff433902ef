CREATE TABLE "dev_lms_lti11_launches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_key" text NOT NULL,
	"context_id" text NOT NULL,
	"person" text NOT NULL,
	"kind" text NOT NULL,
	"resource_link_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dev_lms_lti11_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_key" text NOT NULL,
	"sourced_id" text NOT NULL,
	"resource_link_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"operation" text NOT NULL,
	"score" text,
	"submitted_at" text,
	"lti_launch_url" text,
	"code_major" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dev_lms_lti11_tools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_key" text NOT NULL,
	"secret" text NOT NULL,
	"name" text NOT NULL,
	"config_url" text,
	"launch_url" text NOT NULL,
	"course_navigation_url" text,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"privacy_level" text DEFAULT 'public' NOT NULL,
	"outcome_failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dev_lms_lti11_tools_consumerKey_unique" UNIQUE("consumer_key")
);
--> statement-breakpoint
CREATE INDEX "dev_lms_lti11_outcomes_sourced_idx" ON "dev_lms_lti11_outcomes" USING btree ("consumer_key","sourced_id","created_at");