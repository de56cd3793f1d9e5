-- Plan versions and published quotas are records: once written they never change (issue 5:
-- "a published version never changes"). The database itself refuses, so no code path can.
CREATE FUNCTION quotaplan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER plan_versions_immutable BEFORE UPDATE OR DELETE ON plan_versions
  FOR EACH ROW EXECUTE FUNCTION quotaplan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER published_quotas_immutable BEFORE UPDATE OR DELETE ON published_quotas
  FOR EACH ROW EXECUTE FUNCTION quotaplan_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION quotaplan_refuse_change();
