/** The review requests (see migrations/010b_review_requests.ts): one per booking at most. */
export interface ReviewRequestsTable {
  booking_id: string;
  /** The secret of the /review/{token} link. */
  token: string;
  /** The email delivery that made the request: its retries send the same link, any other is dropped. */
  delivery_id: number;
  created_at: number;
  /** When a testimonial was given through the link (null until then): it works once. */
  used_at: number | null;
}

export interface ReviewTables {
  review_requests: ReviewRequestsTable;
}
