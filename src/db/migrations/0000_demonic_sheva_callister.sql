CREATE TABLE "accounts" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"territory_id" text,
	"owner_id" text,
	"segment" text,
	"industry" text,
	"employees" integer,
	"annual_revenue" bigint,
	"potential" bigint,
	"source" text NOT NULL,
	"derived" boolean NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "accounts_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "accounts_id_check" CHECK ("accounts"."id" <> '')
);
--> statement-breakpoint
CREATE TABLE "credit_splits" (
	"workspace_id" text NOT NULL,
	"deal_id" text NOT NULL,
	"rep_id" text NOT NULL,
	"share" double precision NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "credit_splits_pkey" PRIMARY KEY("workspace_id","deal_id","rep_id")
);
--> statement-breakpoint
CREATE TABLE "currency_rates" (
	"workspace_id" text NOT NULL,
	"currency" char(3) NOT NULL,
	"rate" double precision NOT NULL,
	"valid_from" date,
	"import_id" integer NOT NULL,
	CONSTRAINT "currency_rates_key" UNIQUE NULLS NOT DISTINCT("workspace_id","currency","valid_from"),
	CONSTRAINT "currency_rates_currency_check" CHECK ("currency_rates"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"account_id" text,
	"owner_id" text,
	"source_rep_id" text,
	"amount" bigint,
	"original_amount" bigint,
	"currency" char(3) NOT NULL,
	"created_date" date,
	"close_date" date,
	"stage" text,
	"status" text NOT NULL,
	"probability" double precision,
	"type" text,
	"product" text,
	"unmapped" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"derived" boolean NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "deals_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "deals_id_check" CHECK ("deals"."id" <> ''),
	CONSTRAINT "deals_status_check" CHECK ("deals"."status" in ('won', 'lost', 'open')),
	CONSTRAINT "deals_type_check" CHECK ("deals"."type" in ('new_business', 'expansion', 'renewal')),
	CONSTRAINT "deals_currency_check" CHECK ("deals"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"preset" text NOT NULL,
	"imported_by" text NOT NULL,
	"options" jsonb NOT NULL,
	"files" jsonb NOT NULL,
	"counts" jsonb,
	"status" text NOT NULL,
	"error" text,
	CONSTRAINT "imports_status_check" CHECK ("imports"."status" in ('completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "products" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"family" text,
	"list_price" bigint,
	"source" text NOT NULL,
	"derived" boolean NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "products_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "products_id_check" CHECK ("products"."id" <> '')
);
--> statement-breakpoint
CREATE TABLE "reps" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"manager_id" text,
	"role" text NOT NULL,
	"segment" text,
	"territory_id" text,
	"start_date" date,
	"end_date" date,
	"ote" bigint,
	"currency" char(3),
	"source" text NOT NULL,
	"derived" boolean NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "reps_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "reps_id_check" CHECK ("reps"."id" <> ''),
	CONSTRAINT "reps_currency_check" CHECK ("reps"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	"segment" text,
	"source" text NOT NULL,
	"derived" boolean NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "territories_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "territories_id_check" CHECK ("territories"."id" <> '')
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" char(3) NOT NULL,
	"basis" text NOT NULL,
	"as_of" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_basis_check" CHECK ("workspaces"."basis" in ('amount', 'count')),
	CONSTRAINT "workspaces_currency_check" CHECK ("workspaces"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("workspace_id","owner_id");--> statement-breakpoint
CREATE INDEX "deals_close_date_idx" ON "deals" USING btree ("workspace_id","close_date");--> statement-breakpoint
CREATE INDEX "imports_workspace_idx" ON "imports" USING btree ("workspace_id","id");