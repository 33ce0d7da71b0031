/**
 * The percent-encoding used by bce-auth-v1 (spec/auth.md section 3): every UTF-8 byte
 * outside `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex.
 */

const EXTRA_RESERVED = /[!'()*]/g;
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const HAS_EXTRA_RESERVED = /[!'()*]/;

function escapeExtra(ch: string): string {
  return `%${ch.charCodeAt(0).toString(16).toUpperCase()}`;
}

const utf8 = new TextEncoder();

function encodeBytes(value: string): string {
  // Lone UTF-16 surrogates make encodeURIComponent throw; encode the UTF-8 bytes that are sent
  // (each lone surrogate as U+FFFD, like Buffer.from and fetch).
  let out = '';
  for (const byte of utf8.encode(value)) {
    const unreserved =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** UriEncode: `/` is encoded too. */
export function uriEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    return encodeBytes(value);
  }
  return HAS_EXTRA_RESERVED.test(encoded) ? encoded.replace(EXTRA_RESERVED, escapeExtra) : encoded;
}

const UNRESERVED_OR_SLASH_ONLY = /^[A-Za-z0-9\-_.~/]*$/;

/** UriEncodeExceptSlash: like {@link uriEncode} but `/` is kept. */
export function uriEncodeExceptSlash(value: string): string {
  if (UNRESERVED_OR_SLASH_ONLY.test(value)) return value;
  const encoded = uriEncode(value);
  return encoded.includes('%2F') ? encoded.replace(/%2F/g, '/') : encoded;
}

/** Go's strings.TrimSpace set (U+0085 is whitespace, U+FEFF is not). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

function isGoSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

export function goTrimSpace(value: string): string {
  if (value === '' || (!isGoSpace(value.charCodeAt(0)) && !isGoSpace(value.charCodeAt(value.length - 1)))) return value;
  return value.replace(GO_TRIM, '');
}
