/** The SMTP connection from SMTP_URL (`smtp://user:pass@host:port`, or `smtps://` for TLS from the start). */
import nodemailer from 'nodemailer';

export type Mailer = nodemailer.Transporter;

export function smtpTransport(url: string): Mailer {
  return nodemailer.createTransport({
    url,
    // Bounded, so a stalled server fails the attempt (and it is retried) instead of holding it.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Messages are built here; nothing in them may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/**
 * An SMTP answer that will not change on retry (no such mailbox, bad address). A recipient refused
 * for now (4xx: "450 mailbox busy", greylisting) is retried: nodemailer reports it as EENVELOPE too.
 */
export function isPermanentSmtpError(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code !== undefined && code >= 400 && code < 500) return false;
  return e.code === 'EENVELOPE' || (code !== undefined && code >= 550 && code <= 553);
}
