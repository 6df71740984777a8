/** The notifications tables (see tables.ts). Filled in by the notifications issue. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface NotificationTables {}
