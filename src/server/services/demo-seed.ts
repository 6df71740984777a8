/**
 * Sample data for the demo clinic, so its testimonials wall is not empty on a fresh start.
 * Runs only with the demo config, and only while the testimonials table is empty (idempotent).
 * Inserted directly, without a `testimonial.created` event: sample data is nobody's submission,
 * and must not notify the owner.
 */
import type { Db } from '../store/db.js';

export const DEMO_TESTIMONIALS = [
  {
    author: 'Maria L.',
    role: 'Runner',
    rating: 5,
    date: '2024-03-12',
    source: 'Google',
    text: 'After two months of knee pain I could not run at all. Kiya explained every step, the sessions were calm and gentle, and after four visits I was back on my usual trail.',
  },
  {
    author: 'James R.',
    role: 'Desk worker',
    rating: 4.5,
    date: '2024-05-03',
    text: 'My shoulders and neck were stiff from long days at the computer. The treatments helped more than I expected, and the stretching advice made the difference last.',
  },
  {
    author: 'Priya S.',
    rating: 5,
    date: '2024-09-21',
    source: 'Facebook',
    text: 'I was nervous about needles, but I barely felt them. My sleep is better and the headaches I had most weeks are rare now.\nBooking online was easy too.',
  },
];

/** Inserts the sample testimonials (published) when there are none yet; returns how many it added. */
export async function seedDemo(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('testimonials').select('id').limit(1).executeTakeFirst();
    if (existing) return 0;
    const now = Date.now();
    await trx
      .insertInto('testimonials')
      .values(
        DEMO_TESTIMONIALS.map((t, i) => ({
          author: t.author,
          role: t.role ?? null,
          rating: t.rating,
          text: t.text,
          date: t.date,
          avatar: null,
          source: t.source ?? null,
          tag: 'demo',
          email: null,
          status: 'published',
          created_at: now + i,
          updated_at: now + i,
        })),
      )
      .execute();
    return DEMO_TESTIMONIALS.length;
  });
}
