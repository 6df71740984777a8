/** The bookings tables (see tables.ts). Filled in by the bookings issue. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BookingTables {}
