-- Rules of SPEC §2 that span rows or tables, enforced by the database itself.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
INSERT INTO event_counter (id, seq) VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE event_counter ADD CONSTRAINT event_counter_single_row CHECK (id = 1);
--> statement-breakpoint
-- An assignment in the CANCELLED status frees its ramp window and its load.
CREATE FUNCTION assignments_apply_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ramp_kind ramp_kind;
  load_direction direction;
BEGIN
  NEW.cancelled := EXISTS (SELECT 1 FROM statuses s WHERE s.id = NEW.status_id AND s.code = 'CANCELLED');
  SELECT r.kind INTO ramp_kind FROM ramps r WHERE r.id = NEW.ramp_id;
  SELECT l.direction INTO load_direction FROM loads l WHERE l.id = NEW.load_id;
  IF ramp_kind IS NOT NULL AND load_direction IS NOT NULL
     AND ramp_kind <> 'BOTH' AND ramp_kind::text <> load_direction::text THEN
    RAISE EXCEPTION 'ramp of kind % cannot take a % load', ramp_kind, load_direction
      USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_ramp_kind_direction';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_apply_rules BEFORE INSERT OR UPDATE ON assignments
  FOR EACH ROW EXECUTE FUNCTION assignments_apply_rules();
--> statement-breakpoint
ALTER TABLE assignments ADD CONSTRAINT assignments_no_overlap
  EXCLUDE USING gist (ramp_id WITH =, tstzrange(eta_in, eta_out, '[)') WITH &&) WHERE (NOT cancelled);
--> statement-breakpoint
CREATE UNIQUE INDEX assignments_one_live_per_load ON assignments (load_id) WHERE (NOT cancelled);
--> statement-breakpoint
-- Changing a ramp's kind or a load's direction may not break the rule for
-- assignments that already exist.
CREATE FUNCTION ramps_check_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind <> 'BOTH' AND EXISTS (
    SELECT 1 FROM assignments a JOIN loads l ON l.id = a.load_id
    WHERE a.ramp_id = NEW.id AND NOT a.cancelled AND l.direction::text <> NEW.kind::text
  ) THEN
    RAISE EXCEPTION 'ramp % has assignments of the other direction', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ramps_kind_assigned';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ramps_check_kind BEFORE UPDATE OF kind ON ramps
  FOR EACH ROW EXECUTE FUNCTION ramps_check_kind();
--> statement-breakpoint
CREATE FUNCTION loads_check_direction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM assignments a JOIN ramps r ON r.id = a.ramp_id
    WHERE a.load_id = NEW.id AND NOT a.cancelled AND r.kind <> 'BOTH' AND r.kind::text <> NEW.direction::text
  ) THEN
    RAISE EXCEPTION 'load % is assigned to a ramp of the other direction', NEW.reference
      USING ERRCODE = 'check_violation', CONSTRAINT = 'loads_direction_assigned';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER loads_check_direction BEFORE UPDATE OF direction ON loads
  FOR EACH ROW EXECUTE FUNCTION loads_check_direction();
--> statement-breakpoint
-- Renaming the CANCELLED status away would silently change which assignments block a ramp.
CREATE FUNCTION statuses_keep_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' AND OLD.code = 'CANCELLED') OR (TG_OP = 'UPDATE' AND (OLD.code = 'CANCELLED') <> (NEW.code = 'CANCELLED')) THEN
    RAISE EXCEPTION 'the CANCELLED status code is fixed'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statuses_cancelled_fixed';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
--> statement-breakpoint
CREATE TRIGGER statuses_keep_cancelled BEFORE UPDATE OF code OR DELETE ON statuses
  FOR EACH ROW EXECUTE FUNCTION statuses_keep_cancelled();
