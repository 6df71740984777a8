/** The demo clinic: the acupuncturist from the seed page. Used when FRONTDESK_CONFIG is unset. */
export const DEMO_CONFIG = {
  business: {
    name: 'Kiya Hunter Acupuncture',
    timezone: 'America/New_York',
    email: 'owner@example.com',
    address: '12 Elm St, Springfield',
  },
  allowedOrigins: [],
  services: [
    {
      id: 'initial',
      name: 'Initial consultation',
      description: 'History, assessment and a first treatment.',
      durationMinutes: 90,
      price: '$120',
    },
    { id: 'follow-up', name: 'Follow-up treatment', description: 'Acupuncture for returning clients.', durationMinutes: 60, price: '$85' },
    { id: 'cupping', name: 'Cupping session', durationMinutes: 30, price: '$45' },
  ],
  hours: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['12:00', '19:00']],
    fri: [['09:00', '15:00']],
    sat: [['10:00', '13:00']],
  },
  booking: { slotIntervalMinutes: 30, bufferMinutes: 15, minNoticeHours: 12, maxAdvanceDays: 60 },
  comments: { moderation: 'pre' },
  limits: { writesPerMinutePerClient: 10 },
  webhooks: [],
  trustProxy: false,
};
