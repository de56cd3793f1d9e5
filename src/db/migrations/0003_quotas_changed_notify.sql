-- Servers keep the attainment views they computed in memory; every view is built from
-- quotas_of_record. Any change of that table (publication, bookings refresh, adjustment), by any
-- server or by hand, notifies channel quotaplan_quotas_changed when its transaction commits, and
-- every server listening on the database drops its views (services/workflow/attainment-cache.ts).
CREATE FUNCTION quotaplan_notify_quotas_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('quotaplan_quotas_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER quotas_of_record_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quotas_of_record
  FOR EACH STATEMENT EXECUTE FUNCTION quotaplan_notify_quotas_changed();
