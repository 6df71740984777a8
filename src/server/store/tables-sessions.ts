/** The owner's sign-in sessions on the /admin page (see services/admin-sessions.ts). */
import type { Generated } from 'kysely';

/**
 * One signed-in browser. The cookie holds a random secret; only its sha256 is stored, so neither
 * this table nor anything else in the database (the token's own hash included) gives a working
 * cookie. `token_tag` names the admin token the session was opened under: another token revokes it.
 */
export interface AdminSessionsTable {
  id: Generated<number>;
  secret_hash: string;
  token_tag: string;
  created_at: number;
  last_used_at: number;
  user_agent: string | null;
}

export interface SessionTables {
  admin_sessions: AdminSessionsTable;
}
