CREATE TABLE "lti11_consumers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"consumer_key" text NOT NULL,
	"secret_iv" text NOT NULL,
	"secret_data" text NOT NULL,
	"product_family" text,
	"last_launch_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti11_nonces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lti11_outcome_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_link_row_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"service_url" text NOT NULL,
	"sourced_id" text NOT NULL,
	"data_values_accepted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lti_platforms" ADD COLUMN "lti_version" text DEFAULT '1.3' NOT NULL;--> statement-breakpoint
ALTER TABLE "lti11_consumers" ADD CONSTRAINT "lti11_consumers_platform_id_lti_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."lti_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti11_nonces" ADD CONSTRAINT "lti11_nonces_consumer_id_lti11_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."lti11_consumers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti11_outcome_targets" ADD CONSTRAINT "lti11_outcome_targets_resource_link_row_id_lti_resource_links_id_fk" FOREIGN KEY ("resource_link_row_id") REFERENCES "public"."lti_resource_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lti11_outcome_targets" ADD CONSTRAINT "lti11_outcome_targets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lti11_consumers_key_idx" ON "lti11_consumers" USING btree ("consumer_key");--> statement-breakpoint
CREATE UNIQUE INDEX "lti11_consumers_platform_idx" ON "lti11_consumers" USING btree ("platform_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lti11_nonces_consumer_nonce_idx" ON "lti11_nonces" USING btree ("consumer_id","nonce");--> statement-breakpoint
CREATE INDEX "lti11_nonces_expires_idx" ON "lti11_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lti11_outcome_targets_link_user_idx" ON "lti11_outcome_targets" USING btree ("resource_link_row_id","user_id");