-- SPEC §9: carriers, carrier users, requested bookings and their e-mail.
-- The new enum value is not used in this file: inside the migrations' one transaction it only exists after commit.
ALTER TYPE "role" ADD VALUE IF NOT EXISTS 'CARRIER';--> statement-breakpoint
CREATE TABLE "carriers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"name" text NOT NULL,
	-- Where booking e-mail goes; without it, to the carrier's active users.
	"contact_email" text,
	-- Requests from this carrier are planned at once, without an operator's approval.
	"auto_approve" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "carriers_name_key" ON "carriers" (lower("name"));--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "carrier_id" integer CONSTRAINT "users_carrier_id_fk" REFERENCES "carriers"("id") ON DELETE RESTRICT;--> statement-breakpoint
-- A carrier user belongs to exactly one carrier; staff to none.
ALTER TABLE "users" ADD CONSTRAINT "users_carrier_role" CHECK (("role"::text = 'CARRIER') = ("carrier_id" IS NOT NULL));--> statement-breakpoint
-- Supervisors (and others) who want an e-mail when a truck becomes overdue.
ALTER TABLE "users" ADD COLUMN "overdue_alerts" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "users_carrier_idx" ON "users" ("carrier_id") WHERE "carrier_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "loads" ADD COLUMN "carrier_id" integer CONSTRAINT "loads_carrier_id_fk" REFERENCES "carriers"("id") ON DELETE RESTRICT;--> statement-breakpoint
ALTER TABLE "loads" ADD COLUMN "truck_plate" text;--> statement-breakpoint
CREATE INDEX "loads_carrier_idx" ON "loads" ("carrier_id") WHERE "carrier_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "decline_reason" text;--> statement-breakpoint
-- REQUESTED and DECLINED are added by ensureStatuses at boot (after the six of old, so their ids stay as they were).
-- The same rules as 0001, with DECLINED freeing the window as CANCELLED does.
CREATE OR REPLACE FUNCTION assignments_apply_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ramp_kind ramp_kind;
  load_direction direction;
BEGIN
  NEW.cancelled := EXISTS (SELECT 1 FROM statuses s WHERE s.id = NEW.status_id AND s.code IN ('CANCELLED', 'DECLINED'));
  SELECT r.kind INTO ramp_kind FROM ramps r WHERE r.id = NEW.ramp_id;
  SELECT l.direction INTO load_direction FROM loads l WHERE l.id = NEW.load_id;
  IF ramp_kind IS NOT NULL AND load_direction IS NOT NULL
     AND ramp_kind <> 'BOTH' AND ramp_kind::text <> load_direction::text THEN
    RAISE EXCEPTION 'ramp of kind % cannot take a % load', ramp_kind, load_direction
      USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_ramp_kind_direction';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
-- The booking flow's codes are fixed too: renaming them away would change what holds a window and what a carrier sees.
CREATE OR REPLACE FUNCTION statuses_keep_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fixed text[] := ARRAY['CANCELLED', 'REQUESTED', 'DECLINED', 'PLANNED'];
BEGIN
  IF (TG_OP = 'DELETE' AND OLD.code = ANY (fixed)) OR (TG_OP = 'UPDATE' AND OLD.code IS DISTINCT FROM NEW.code AND (OLD.code = ANY (fixed) OR NEW.code = ANY (fixed))) THEN
    RAISE EXCEPTION 'the % status code is fixed', CASE WHEN TG_OP = 'DELETE' OR OLD.code = ANY (fixed) THEN OLD.code ELSE NEW.code END
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statuses_cancelled_fixed';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
