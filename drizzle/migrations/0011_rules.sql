-- SPEC §9: working hours and closures per ramp, load types; enforced by the database on every assignment write.
-- Hours are minutes after local midnight in the site's time zone, stored with the zone they were set in.
CREATE TABLE "ramp_hours" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"ramp_id" integer NOT NULL REFERENCES "ramps"("id") ON DELETE CASCADE,
	"weekday" smallint NOT NULL CONSTRAINT "ramp_hours_weekday" CHECK ("weekday" BETWEEN 0 AND 6),
	"opens" smallint NOT NULL,
	"closes" smallint NOT NULL,
	"time_zone" text NOT NULL,
	CONSTRAINT "ramp_hours_order" CHECK ("opens" >= 0 AND "closes" <= 1440 AND "closes" > "opens"),
	CONSTRAINT "ramp_hours_no_overlap" EXCLUDE USING gist ("ramp_id" WITH =, "weekday" WITH =, int4range("opens", "closes") WITH &&)
);--> statement-breakpoint
CREATE TABLE "ramp_closures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"ramp_id" integer NOT NULL REFERENCES "ramps"("id") ON DELETE CASCADE,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ramp_closures_order" CHECK ("ends_at" > "starts_at")
);--> statement-breakpoint
CREATE INDEX "ramp_closures_ramp_idx" ON "ramp_closures" USING gist ("ramp_id", tstzrange("starts_at", "ends_at", '[)'));--> statement-breakpoint
CREATE TABLE "load_types" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"name" text NOT NULL,
	"duration_minutes" integer NOT NULL CONSTRAINT "load_types_duration" CHECK ("duration_minutes" BETWEEN 1 AND 1440),
	"ramp_kinds" ramp_kind[] NOT NULL CONSTRAINT "load_types_ramp_kinds" CHECK (cardinality("ramp_kinds") > 0),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "load_types_name_key" ON "load_types" (lower("name"));--> statement-breakpoint
ALTER TABLE "loads" ADD COLUMN "load_type_id" integer CONSTRAINT "loads_load_type_id_fk" REFERENCES "load_types"("id") ON DELETE RESTRICT;--> statement-breakpoint
CREATE FUNCTION "ramp_rules_hhmm"(m integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lpad((m / 60)::text, 2, '0') || ':' || lpad((m % 60)::text, 2, '0')
$$;--> statement-breakpoint
-- The plain refusal for a window on a ramp, or null when the ramp is open for all of it.
-- Locks the ramp row (FOR SHARE) first: closure and hours writers lock it FOR UPDATE, so a
-- concurrent closure is either committed and seen here (each statement reads afresh) or waits.
CREATE FUNCTION "ramp_window_refusal"(p_ramp integer, p_from timestamptz, p_to timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r record;
  c record;
  tz text;
  win tstzrange := tstzrange(p_from, p_to, '[)');
  open_time tstzmultirange;
  gap timestamptz;
  loc timestamp;
  dow integer;
  mins integer;
  first_open integer;
  last_close integer;
  gap_from integer;
  gap_to integer;
  cs timestamp;
  ce timestamp;
BEGIN
  SELECT id, code INTO r FROM ramps WHERE id = p_ramp FOR SHARE;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT * INTO c FROM ramp_closures WHERE ramp_id = p_ramp AND tstzrange(starts_at, ends_at, '[)') && win ORDER BY starts_at LIMIT 1;
  IF FOUND THEN
    cs := c.starts_at AT TIME ZONE c.time_zone;
    ce := c.ends_at AT TIME ZONE c.time_zone;
    RETURN r.code || ' is closed ' ||
      CASE WHEN cs::date = ce::date OR (ce = ce::date::timestamp AND ce::date = cs::date + 1)
        THEN to_char(cs, 'HH24:MI') || '–' || CASE WHEN cs::date = ce::date THEN to_char(ce, 'HH24:MI') ELSE '24:00' END
             || ' on ' || to_char(cs, 'FMDD Mon')
        ELSE 'from ' || to_char(cs, 'FMDD Mon HH24:MI') || ' to ' || to_char(ce, 'FMDD Mon HH24:MI') END
      || CASE WHEN c.reason <> '' THEN ': ' || c.reason ELSE '' END;
  END IF;
  SELECT time_zone INTO tz FROM ramp_hours WHERE ramp_id = p_ramp LIMIT 1;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT range_agg(tstzrange((d.day + make_interval(mins => h.opens)) AT TIME ZONE tz, (d.day + make_interval(mins => h.closes)) AT TIME ZONE tz, '[)'))
    INTO open_time
    FROM generate_series(((p_from AT TIME ZONE tz)::date - 1)::timestamp, ((p_to AT TIME ZONE tz)::date)::timestamp, interval '1 day') d(day)
    JOIN ramp_hours h ON h.ramp_id = p_ramp AND h.weekday = extract(dow FROM d.day);
  IF open_time IS NOT NULL AND open_time @> win THEN RETURN NULL; END IF;
  gap := lower(tstzmultirange(win) - COALESCE(open_time, '{}'::tstzmultirange));
  loc := gap AT TIME ZONE tz;
  dow := extract(dow FROM loc);
  mins := extract(hour FROM loc) * 60 + extract(minute FROM loc);
  SELECT min(opens), max(closes) INTO first_open, last_close FROM ramp_hours WHERE ramp_id = p_ramp AND weekday = dow;
  IF first_open IS NULL THEN RETURN r.code || ' is closed on ' || to_char(loc, 'FMDay'); END IF;
  IF mins < first_open THEN RETURN r.code || ' opens at ' || ramp_rules_hhmm(first_open) || ' on ' || to_char(loc, 'FMDay') || 's'; END IF;
  IF mins >= last_close THEN RETURN r.code || ' closes at ' || ramp_rules_hhmm(last_close) || ' on ' || to_char(loc, 'FMDay') || 's'; END IF;
  SELECT max(closes) INTO gap_from FROM ramp_hours WHERE ramp_id = p_ramp AND weekday = dow AND closes <= mins;
  SELECT min(opens) INTO gap_to FROM ramp_hours WHERE ramp_id = p_ramp AND weekday = dow AND opens > mins;
  RETURN r.code || ' is closed ' || ramp_rules_hhmm(gap_from) || '–' || ramp_rules_hhmm(gap_to) || ' on ' || to_char(loc, 'FMDay') || 's';
END $$;--> statement-breakpoint
-- Runs after assignments_apply_rules (trigger names fire in order), which sets NEW.cancelled.
-- Only a change of ramp, times or load, or a booking brought back from CANCELLED, is checked:
-- a closure added later does not stop a truck already planned from being checked in.
CREATE FUNCTION "assignments_ramp_rules"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  refusal text;
  lt record;
  ramp record;
BEGIN
  IF NEW.cancelled THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND NEW.ramp_id = OLD.ramp_id AND NEW.eta_in = OLD.eta_in AND NEW.eta_out = OLD.eta_out
     AND NEW.load_id = OLD.load_id AND NOT OLD.cancelled THEN
    RETURN NEW;
  END IF;
  IF NEW.eta_out <= NEW.eta_in THEN RETURN NEW; END IF;
  SELECT t.name, t.ramp_kinds INTO lt FROM loads l JOIN load_types t ON t.id = l.load_type_id WHERE l.id = NEW.load_id;
  IF FOUND THEN
    SELECT code, kind INTO ramp FROM ramps WHERE id = NEW.ramp_id;
    IF FOUND AND NOT (ramp.kind = ANY (lt.ramp_kinds)) THEN
      RAISE EXCEPTION '% does not take % loads', ramp.code, lt.name USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_load_type_fit';
    END IF;
  END IF;
  refusal := ramp_window_refusal(NEW.ramp_id, NEW.eta_in, NEW.eta_out);
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION '%', refusal USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_ramp_open';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "assignments_ramp_rules" BEFORE INSERT OR UPDATE ON "assignments"
  FOR EACH ROW EXECUTE FUNCTION assignments_ramp_rules();
