/**
 * The commenters' emails (services/comment-subscriptions.ts): the confirmation of an address, and
 * a reply to their comment, in the language they wrote in. Written when they are sent, from the
 * store as it is then: an email whose reply was hidden, whose subscription ended or whose address
 * was erased meanwhile is not sent (undefined). The reply's text is visitor text: escaped in the
 * HTML by `render`, and only in the body; the subject holds the author's name on one line. Above the
 * reply, the subscriber's own comment, quoted, so that the reply reads in its context.
 * Every reply email carries RFC 8058's one-click unsubscribe (List-Unsubscribe, List-Unsubscribe-Post)
 * and the same link in its body.
 */
import { SUBSCRIPTION_PATHS } from '../routes/comment-subscriptions.js';
import { translator } from '../i18n.js';
import * as subscriptions from '../services/comment-subscriptions.js';
import type { Db } from '../store/db.js';
import { isPlainAddress } from '../../shared/email.js';
import { type EmailContent, type EmailSettings, oneLine, render, type StoredEvent } from './email.js';

function link(settings: EmailSettings, kind: keyof typeof SUBSCRIPTION_PATHS, token: string): string {
  return `${settings.origin}${SUBSCRIPTION_PATHS[kind]}?token=${encodeURIComponent(token)}`;
}

function replyTo(settings: EmailSettings): Pick<EmailContent, 'replyTo'> {
  const { business } = settings;
  return isPlainAddress(business.email) ? { replyTo: { name: oneLine(business.name, 80), address: business.email } } : {};
}

/** The email for a `comment.subscribed` or `comment.replied` event, or undefined when it must not go. */
export async function subscriberEmail(db: Db, event: StoredEvent, settings: EmailSettings): Promise<EmailContent | undefined> {
  const d = event.data;
  const business = settings.business.name;
  if (event.type === 'comment.subscribed') {
    const found = await subscriptions.confirmationEmail(db, String(d.email ?? ''));
    if (!found) return undefined;
    const t = translator(found.locale, settings.messages);
    const draft = {
      subject: t.t('replies.confirmSubject', { business }),
      intro: t.t('replies.confirmIntro', { business }),
      links: [[t.t('replies.confirmLink'), link(settings, 'confirm', found.token)]] as [string, string][],
      outro: t.t('replies.confirmOutro'),
    };
    return { ...render(draft, settings, t), ...replyTo(settings) };
  }
  if (event.type !== 'comment.replied') return undefined;
  const found = await subscriptions.replyEmail(db, Number(d.subscriptionId), Number(d.replyId));
  if (!found) return undefined;
  const t = translator(found.locale, settings.messages);
  const author = oneLine(found.reply.author, 80);
  const unsubscribe = link(settings, 'unsubscribe', found.token);
  const links: [string, string][] = [];
  if (/^https?:\/\//i.test(found.url)) links.push([t.t('replies.threadLink'), found.url]);
  links.push([t.t('replies.unsubscribeLink'), unsubscribe]);
  const draft = {
    subject: t.t('replies.replySubject', { author }),
    // The business answering on its own site: named once ("Kiya Hunter Acupuncture replied to your comment.").
    intro: found.reply.byOwner ? t.t('replies.ownerReplyIntro', { business }) : t.t('replies.replyIntro', { author, business }),
    ...(found.comment ? { quote: { label: t.t('replies.yourCommentLabel'), text: found.comment, rich: true } } : {}),
    long: { label: t.t('replies.replyLabel'), text: found.reply.text, rich: true },
    links,
    outro: t.t('replies.replyOutro'),
  };
  return {
    ...render(draft, settings, t),
    ...replyTo(settings),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
