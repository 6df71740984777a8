/**
 * What the notification worker makes of a mail server's refusal, over a real SMTP exchange: a
 * recipient refused for now (450, greylisting) is tried again later; one refused for good (550) is not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isPermanentSmtpError, smtpTransport } from '../../src/server/notify/smtp.js';
import { type SmtpListener, startSmtpListener } from '../support/smtp.js';

describe('SMTP refusals', () => {
  let smtp: SmtpListener;
  before(async () => {
    smtp = await startSmtpListener({ refuse: (to) => (to.startsWith('busy@') ? 450 : to.startsWith('gone@') ? 550 : undefined) });
  });
  after(async () => {
    await smtp.close();
  });

  const refusal = async (to: string) => {
    const mailer = smtpTransport(smtp.url);
    try {
      await mailer.sendMail({ from: 'clinic@example.com', to, subject: 'Hi', text: 'Hello' });
      return undefined;
    } finally {
      mailer.close();
    }
  };

  it('tries a recipient refused for now again, and gives up on one refused for good', async () => {
    const busy = await refusal('busy@example.com').catch((error: unknown) => error);
    assert.ok(busy instanceof Error, 'the 450 is an error');
    assert.equal(isPermanentSmtpError(busy), false, 'a 450 is tried again');
    const gone = await refusal('gone@example.com').catch((error: unknown) => error);
    assert.ok(gone instanceof Error);
    assert.equal(isPermanentSmtpError(gone), true, 'a 550 is not');
    assert.equal(await refusal('ann@example.com'), undefined);
    assert.equal(smtp.mails.length, 1);
  });
});
