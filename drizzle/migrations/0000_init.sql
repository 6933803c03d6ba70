CREATE TYPE "public"."role" AS ENUM('ADMIN', 'OPERATOR', 'SUPERVISOR');--> statement-breakpoint
CREATE TYPE "public"."ramp_kind" AS ENUM('IB', 'OB', 'BOTH');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('IB', 'OB');--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ramps" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" "ramp_kind" DEFAULT 'BOTH' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statuses" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"color" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loads" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"direction" "direction" NOT NULL,
	"planned_arrival" timestamp with time zone,
	"planned_departure" timestamp with time zone,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"ramp_id" integer NOT NULL,
	"load_id" integer NOT NULL,
	"status_id" integer NOT NULL,
	"eta_in" timestamp with time zone NOT NULL,
	"eta_out" timestamp with time zone NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_eta_order" CHECK ("assignments"."eta_out" > "assignments"."eta_in")
);
--> statement-breakpoint
CREATE TABLE "board_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"direction" text,
	"actor_id" integer,
	"actor_email" text,
	"payload" jsonb NOT NULL,
	"before" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_counter" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_ramp_id_ramps_id_fk" FOREIGN KEY ("ramp_id") REFERENCES "public"."ramps"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_load_id_loads_id_fk" FOREIGN KEY ("load_id") REFERENCES "public"."loads"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_status_id_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."statuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "ramps_code_key" ON "ramps" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "statuses_code_key" ON "statuses" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "loads_reference_key" ON "loads" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "loads_planned_arrival_idx" ON "loads" USING btree ("planned_arrival");--> statement-breakpoint
CREATE INDEX "assignments_eta_in_idx" ON "assignments" USING btree ("eta_in");--> statement-breakpoint
CREATE INDEX "assignments_load_idx" ON "assignments" USING btree ("load_id");--> statement-breakpoint
CREATE INDEX "board_events_entity_idx" ON "board_events" USING btree ("entity","entity_id","seq");--> statement-breakpoint
CREATE INDEX "board_events_created_at_idx" ON "board_events" USING btree ("created_at");