import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import type { AuditContext } from "@/lib/model/audit";
import { makeUser, testContext } from "@/test/db/fixtures";

/** An e-mail as a test SMTP server received it: envelope, raw message and its decoded parts. */
export type ReceivedMail = { to: string[]; raw: string; subject: string; text: string; messageId: string };

export type TestSmtp = {
  port: number;
  url: string;
  mails: ReceivedMail[];
  close: () => Promise<void>;
};

/** Quoted-printable as nodemailer writes long plain-text lines: soft breaks and =XX escapes. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words ("=?UTF-8?Q?Access_key_=22…?="), as nodemailer writes headers. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, mode: string, text: string) =>
      mode.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1] ?? "";
  const qp = /quoted-printable/i.test(header("Content-Transfer-Encoding"));
  return {
    to,
    raw,
    subject: decodeHeader(header("Subject")),
    text: qp ? decodeQuotedPrintable(body) : body,
    messageId: header("Message-ID"),
  };
}

/**
 * A real SMTP server on 127.0.0.1 for tests. `port` 0 picks a free one; passing an earlier port
 * brings a stopped server back on the same address. `reject` may refuse a recipient (e.g. "451 …").
 */
export async function startTestSmtp(
  options: { port?: number; reject?: (to: string) => string | null } = {},
): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const refusal = options.reject?.(address.address);
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.slice(4)), { responseCode: Number(refusal.slice(0, 3)) });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(parse(Buffer.concat(chunks).toString("utf8"), to));
        callback();
      });
    },
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server.server, "listening");
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For the calling test file: a test SMTP server that SMTP_URL points at, and the audit context of
 * an administrator to act as. Both are there from the file's first test on.
 */
export function mailTestSetup(): { smtp: TestSmtp; adminCtx: AuditContext } {
  const setup = {} as { smtp: TestSmtp; adminCtx: AuditContext };
  beforeAll(async () => {
    setup.smtp = await startTestSmtp();
    process.env.SMTP_URL = setup.smtp.url;
    const admin = await makeUser("admin");
    setup.adminCtx = { ...testContext, actorId: admin.id, actorUsername: admin.username };
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await setup.smtp.close();
  });
  return setup;
}
