/**
 * The layouts of the `@format`s as regular expression sources, shared by the
 * runtime checks (string_formats.ts) and the exported JSON Schemas, which
 * carry them as a `pattern` beside `format`: many validators treat `format`
 * as a note only, and the standard formats are looser than wiretype's in
 * places (leap seconds, `urn:uuid:` prefixes, time zones without a colon).
 * Each is a subset of what JSON Schema's format of the same name accepts, so
 * a validator that checks both agrees with wiretype.
 *
 * @module
 */

/** A UUID in its 36-character hyphenated form, either case. */
export const UUID_PATTERN =
  "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/**
 * An RFC 3339 date-time with its fields in range (no leap second, a time
 * zone of at most ±23:59); days beyond the month's length are refused by the
 * calendar check, which a pattern cannot express.
 */
export const DATE_TIME_PATTERN =
  "^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[Tt ](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$";

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

/**
 * An email address: a dot-atom local part (RFC 5322 without quoted
 * strings), `@`, and a host name of at least two labels of at most 63
 * characters.
 */
export const EMAIL_PATTERN =
  `^${ATEXT}+(?:\\.${ATEXT}+)*@${LABEL}(?:\\.${LABEL})+$`;

// RFC 3986, Appendix A, case-insensitive.
const HEX = "[0-9A-Fa-f]";
const PERCENT_ENCODED = `%${HEX}{2}`;
const UNRESERVED_OR_SUB_DELIM = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED_OR_SUB_DELIM}:@]|${PERCENT_ENCODED})`;
const DEC_OCTET = "(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)";
const IPV4 = `(?:${DEC_OCTET}\\.){3}${DEC_OCTET}`;
const H16 = `${HEX}{1,4}`;
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 =
  `(?:(?:(?:${H16}:){6}|::(?:${H16}:){5}|(?:${H16})?::(?:${H16}:){4}|` +
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}|(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}|` +
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:|(?:(?:${H16}:){0,4}${H16})?::)${LS32}|` +
  `(?:(?:${H16}:){0,5}${H16})?::${H16}|(?:(?:${H16}:){0,6}${H16})?::)`;
const IPV_FUTURE = `[Vv]${HEX}+\\.[${UNRESERVED_OR_SUB_DELIM}:]+`;
const HOST =
  `(?:\\[(?:${IPV6}|${IPV_FUTURE})\\]|${IPV4}|(?:[${UNRESERVED_OR_SUB_DELIM}]|${PERCENT_ENCODED})*)`;
const USER_INFO = `(?:(?:[${UNRESERVED_OR_SUB_DELIM}:]|${PERCENT_ENCODED})*@)?`;
const SEGMENTS = `(?:\\/${PCHAR}*)*`;

/**
 * An absolute URI (RFC 3986 `URI`), the grammar ajv-formats checks for
 * `format: "uri"`, with its two departures from the RFC kept so that both
 * agree: an empty hier-part (`mailto:`, `a:?q`) is refused, and a single `/`
 * may start an authority (`a:/host:80/`).
 */
export const URI_PATTERN = `^[A-Za-z][A-Za-z0-9+\\-.]*:` +
  `(?:\\/?\\/${USER_INFO}${HOST}(?::\\d*)?${SEGMENTS}` +
  `|\\/(?:${PCHAR}+${SEGMENTS})?|${PCHAR}+${SEGMENTS})` +
  `(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`;
