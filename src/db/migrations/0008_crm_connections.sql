CREATE TABLE "crm_connections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "crm_connections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"instance_url" text NOT NULL,
	"login_url" text,
	"api_version" text NOT NULL,
	"flow" text NOT NULL,
	"client_id" text,
	"username" text,
	"secret_ciphertext" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_test_at" timestamp with time zone,
	"last_test" jsonb,
	"last_pull_at" timestamp with time zone,
	"last_pull_import_id" integer,
	"watermark" text,
	CONSTRAINT "crm_connections_provider_check" CHECK ("crm_connections"."provider" in ('salesforce')),
	CONSTRAINT "crm_connections_flow_check" CHECK ("crm_connections"."flow" in ('client_credentials', 'jwt_bearer', 'access_token'))
);
--> statement-breakpoint
ALTER TABLE "crm_connections" ADD CONSTRAINT "crm_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_connections_name_idx" ON "crm_connections" USING btree ("workspace_id","provider","name");--> statement-breakpoint
CREATE INDEX "crm_connections_workspace_idx" ON "crm_connections" USING btree ("workspace_id");