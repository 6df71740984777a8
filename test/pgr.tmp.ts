import { postgresReachable } from '/work/wt/issue-11-staff/test/support/stores.ts';
import pg from 'pg';
console.log(await postgresReachable());
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 10000 });
try { await c.connect(); console.log('ok'); } catch (e) { console.log(e); }
