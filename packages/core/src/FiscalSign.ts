/**
 * The fiscal sign of a document (ФПД) in its two wire forms.
 *
 * DocumentList gives it as the decimal text of an unsigned 32-bit number (`fpd: "824629212"`); the FFD document
 * (tag 1077) gives six bytes in base64 (`"MQQxJtfc"`), of which bytes 2–5, big-endian, are that same number.
 * The two leading bytes are not part of the sign; real documents carry `0x31 0x04`, the default on encode.
 */
import { Either, ParseResult, Schema } from "effect"

/** The fiscal sign as the decimal text of an unsigned 32-bit integer. */
export const FiscalSign = Schema.String.pipe(
  Schema.filter((s) => (/^\d{1,10}$/.test(s) && Number(s) <= 0xffffffff && String(Number(s)) === s) ||
    `expected a fiscal sign (decimal 0..4294967295 without leading zeros), got ${JSON.stringify(s)}`),
  Schema.brand("FiscalSign")
)
export type FiscalSign = typeof FiscalSign.Type

/** The two bytes that precede the sign in tag 1077 on real documents. */
export const DEFAULT_PREFIX: readonly [number, number] = [0x31, 0x04]

/** Reads tag 1077 (base64 of six bytes) into the decimal fiscal sign. */
export const fromBase64 = (b64: string): Either.Either<FiscalSign, string> => {
  if (!/^[A-Za-z0-9+/]{8}$/.test(b64)) return Either.left(`expected 8 base64 characters (6 bytes), got ${JSON.stringify(b64)}`)
  const bytes = Buffer.from(b64, "base64")
  if (bytes.length !== 6) return Either.left(`expected 6 bytes, got ${bytes.length}`)
  return Either.right(String(bytes.readUInt32BE(2)) as FiscalSign)
}

/** The two leading bytes of tag 1077, to re-encode a document exactly. */
export const prefixOfBase64 = (b64: string): readonly [number, number] => {
  const bytes = Buffer.from(b64, "base64")
  return [bytes[0] ?? DEFAULT_PREFIX[0], bytes[1] ?? DEFAULT_PREFIX[1]]
}

/** Writes a fiscal sign as tag 1077: base64 of the two prefix bytes and the sign, big-endian. */
export const toBase64 = (sign: FiscalSign | string, prefix: readonly [number, number] = DEFAULT_PREFIX): string => {
  const bytes = Buffer.alloc(6)
  bytes[0] = prefix[0]
  bytes[1] = prefix[1]
  bytes.writeUInt32BE(Number(sign), 2)
  return bytes.toString("base64")
}

/** Brands a number or text as a fiscal sign; throws when it is not one (a programming error). */
export const make = (value: number | string): FiscalSign => Schema.decodeSync(FiscalSign)(String(value))

/** Schema: tag 1077 base64 on the wire ↔ decimal fiscal sign in the domain (default prefix on encode). */
export const FromBase64: Schema.transformOrFail<typeof Schema.String, typeof FiscalSign> = Schema.transformOrFail(
  Schema.String,
  FiscalSign,
  {
    strict: true,
    decode: (s, _, ast) =>
      Either.match(fromBase64(s), {
        onLeft: (e) => ParseResult.fail(new ParseResult.Type(ast, s, `fiscal sign (tag 1077): ${e}`)),
        onRight: ParseResult.succeed
      }),
    encode: (sign) => ParseResult.succeed(toBase64(sign))
  }
)
