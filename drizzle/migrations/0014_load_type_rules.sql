-- SPEC §9: a load's type must fit the ramp kind of its live booking, whichever side changes.
-- 0011_rules.sql checks it when an assignment is made or moved (assignments_load_type_fit);
-- this checks it when the load's type is changed under a booking that is not cancelled, and when a type's
-- ramp kinds are narrowed under one.
CREATE FUNCTION "loads_load_type_fit"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lt record;
  ramp record;
BEGIN
  IF NEW.load_type_id IS NULL OR NEW.load_type_id IS NOT DISTINCT FROM OLD.load_type_id THEN RETURN NEW; END IF;
  SELECT name, ramp_kinds INTO lt FROM load_types WHERE id = NEW.load_type_id;
  IF NOT FOUND THEN RETURN NEW; END IF;
  SELECT r.code, r.kind INTO ramp FROM assignments a JOIN ramps r ON r.id = a.ramp_id
    WHERE a.load_id = NEW.id AND NOT a.cancelled AND NOT (r.kind = ANY (lt.ramp_kinds))
    ORDER BY a.eta_in DESC LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% does not take % loads', ramp.code, lt.name USING ERRCODE = 'check_violation', CONSTRAINT = 'loads_load_type_fit';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "loads_load_type_fit" BEFORE UPDATE OF "load_type_id" ON "loads"
  FOR EACH ROW EXECUTE FUNCTION loads_load_type_fit();
--> statement-breakpoint
-- And when an admin narrows a type's ramp kinds while a live booking of it sits on a ramp of a kind left out.
CREATE FUNCTION "load_types_ramp_fit"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b record;
BEGIN
  IF NEW.ramp_kinds @> OLD.ramp_kinds THEN RETURN NEW; END IF;
  SELECT r.code, r.kind, l.reference INTO b FROM loads l
    JOIN assignments a ON a.load_id = l.id AND NOT a.cancelled
    JOIN ramps r ON r.id = a.ramp_id
    WHERE l.load_type_id = NEW.id AND NOT (r.kind = ANY (NEW.ramp_kinds))
    ORDER BY a.eta_in DESC LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% has a booking of a % load (%); move it first, or keep % ramps in the type', b.code, OLD.name, b.reference,
      CASE b.kind WHEN 'IB' THEN 'inbound' WHEN 'OB' THEN 'outbound' ELSE 'two-way' END
      USING ERRCODE = 'check_violation', CONSTRAINT = 'load_types_ramp_fit';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "load_types_ramp_fit" BEFORE UPDATE OF "ramp_kinds" ON "load_types"
  FOR EACH ROW EXECUTE FUNCTION load_types_ramp_fit();
