-- Servers keep who a session cookie belongs to and what a user's membership and workspace are;
-- any change of those rows (a session signed out, revoked or refreshed, a user changed, a
-- membership added, changed or removed, a workspace's settings) notifies channel
-- quotaplan_auth_changed when its transaction commits, and every listening server forgets them
-- (src/services/change-cache.ts). New sessions need no notice: nobody can have kept them.
CREATE FUNCTION quotaplan_notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('quotaplan_auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION quotaplan_notify_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION quotaplan_notify_auth_changed();
--> statement-breakpoint
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION quotaplan_notify_auth_changed();
--> statement-breakpoint
CREATE TRIGGER workspaces_changed AFTER UPDATE OR DELETE OR TRUNCATE ON workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION quotaplan_notify_auth_changed();
