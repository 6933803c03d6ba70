import type { IncomingMessage } from 'node:http';
import { HttpError } from '@/server/errors';

const tooLarge = (limit: number) => new HttpError(413, `Request body is larger than ${limit} bytes`);

const isJsonType = (type: string) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);

/**
 * Reads and parses a JSON (or urlencoded) body, refusing more than `limit`
 * bytes. `jsonOnly` refuses any other content type with 415: a cross-site
 * HTML form can post urlencoded or text/plain, never application/json.
 */
export async function readBody(req: IncomingMessage, limit: number, jsonOnly = false): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (jsonOnly && !isJsonType(type)) throw new HttpError(415, 'Send the body as JSON with Content-Type: application/json');
  // Forms are read as forms, unless the body is plainly JSON sent without a JSON content type.
  if (type.startsWith('application/x-www-form-urlencoded') && !/^\s*[[{]/.test(text)) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, [{ loc: ['body'], msg: `Malformed JSON: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
