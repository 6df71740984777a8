/** The comments tables (see tables.ts). Filled in by the comments issue. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CommentTables {}
