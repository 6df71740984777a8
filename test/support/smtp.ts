/**
 * A real SMTP listener (smtp-server) for the notification tests, and a small MIME reader for what
 * it receives: headers (unfolded, encoded words decoded), the text and HTML parts, attachments.
 */
import { SMTPServer } from 'smtp-server';

export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  params: Record<string, string>;
  body: Buffer;
  parts: MimePart[];
}

export interface ReceivedMail {
  raw: string;
  envelope: { from: string; to: string[] };
  headers: Record<string, string>;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** When the listener had the whole message, and when it answered 250 (after its delay). */
  receivedAt: number;
  ackedAt?: number;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'binary',
        ).toString('utf8'),
  );
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return headers;
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'binary',
    );
  }
  return Buffer.from(body, 'binary');
}

/** Parses a message given as a binary ('latin1') string. */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(split < 0 ? raw : raw.slice(0, split));
  const body = split < 0 ? '' : raw.slice(split + 4);
  const { value: contentType, params } = parseParams(headers['content-type'] ?? 'text/plain');
  const part: MimePart = { headers, contentType, params, body: Buffer.alloc(0), parts: [] };
  if (contentType.startsWith('multipart/') && params.boundary) {
    const chunks = body.split(`--${params.boundary}`);
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith('--')) break;
      part.parts.push(parseMime(chunk.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    }
  } else {
    part.body = decodeBody(body, headers['content-transfer-encoding']);
  }
  return part;
}

function leaves(part: MimePart): MimePart[] {
  return part.parts.length ? part.parts.flatMap(leaves) : [part];
}

export function readMail(raw: string, envelope: ReceivedMail['envelope']): ReceivedMail {
  const root = parseMime(raw);
  const all = leaves(root);
  const isAttachment = (p: MimePart) => /^attachment/i.test(p.headers['content-disposition'] ?? '');
  const textOf = (type: string) => all.find((p) => p.contentType === type && !isAttachment(p))?.body.toString('utf8') ?? '';
  return {
    raw,
    envelope,
    headers: root.headers,
    messageId: root.headers['message-id'] ?? '',
    subject: root.headers.subject ?? '',
    text: textOf('text/plain'),
    html: textOf('text/html'),
    attachments: all.filter(isAttachment).map((p) => ({
      filename: parseParams(p.headers['content-disposition'] ?? '').params.filename ?? p.params.name ?? '',
      contentType: p.contentType,
      content: p.body,
    })),
    receivedAt: Date.now(),
  };
}

export interface SmtpListener {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Waits until `check(mails)` is true, or fails after `timeoutMs`. */
  waitFor(check: (mails: ReceivedMail[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (on `port`, or any free port). `delayMs` holds each message's final "250"
 * answer that long after the whole message arrived, like a slow server; `refuse` refuses recipients.
 */
export async function startSmtpListener(
  opts: { port?: number; delayMs?: number; mails?: ReceivedMail[]; refuse?: (address: string) => number | undefined } = {},
): Promise<SmtpListener> {
  const mails = opts.mails ?? [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    // `refuse`: the SMTP code a recipient is refused with (450 for now, 550 for good), or undefined to accept it.
    onRcptTo(address, _session, callback) {
      const code = opts.refuse?.(address.address);
      if (!code) return callback();
      callback(Object.assign(new Error(`${code} refused for the test`), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const mail = readMail(Buffer.concat(chunks).toString('binary'), envelope);
        mails.push(mail);
        setTimeout(() => {
          mail.ackedAt = Date.now();
          callback();
        }, opts.delayMs ?? 0);
      });
    },
  });
  server.on('error', () => {});
  const port: number = await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(check, timeoutMs = 10_000, what = 'the expected emails') {
      const end = Date.now() + timeoutMs;
      while (!check(mails)) {
        if (Date.now() > end) throw new Error(`Timed out waiting for ${what} (have ${mails.length} emails)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
