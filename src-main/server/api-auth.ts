// The API's bearer token: made at random when none is given, compared in constant time (the
// time a wrong guess takes says nothing about how much of it was right).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MIN_API_TOKEN_LENGTH } from '../../src-shared/settings';

/** 32 random bytes, base64url: 43 characters. */
export function generateApiToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isUsableApiToken(token: string): boolean {
  return token.length >= MIN_API_TOKEN_LENGTH && !/\s/.test(token);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A checker of `Authorization: Bearer <token>`; both sides are hashed first, so their lengths match. */
export function bearerTokenChecker(token: string): (authorization: string | undefined) => boolean {
  if (!isUsableApiToken(token)) throw new Error(`the API token must have at least ${MIN_API_TOKEN_LENGTH} characters and no spaces`);
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    return timingSafeEqual(digest(match?.[1] ?? ''), expected);
  };
}

/** The same check for a token given as a query parameter (EventSource and browser WebSockets cannot set headers). */
export function tokenMatches(check: (authorization: string | undefined) => boolean, token: string | undefined): boolean {
  return token !== undefined && check(`Bearer ${token}`);
}
