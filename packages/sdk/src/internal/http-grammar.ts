/**
 * The HTTP field grammar (RFC 9110) that the signer and the Node transport both check against:
 * one definition of what a header name and a header value may be.
 */

/** A token: what a header name (and a method) consists of. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A field value as it can go on the wire (latin1): no control character but tab, no CR or LF. */
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
