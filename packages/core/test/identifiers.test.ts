import { assert, describe, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as FiscalSign from "../src/FiscalSign.js"
import * as Ids from "../src/Ids.js"
import * as LocalDateTime from "../src/LocalDateTime.js"

describe("FiscalSign", () => {
  it("MQQxJtfc ↔ 824629212", () => {
    assert.strictEqual(Either.getOrThrow(FiscalSign.fromBase64("MQQxJtfc")), "824629212")
    assert.strictEqual(FiscalSign.toBase64(FiscalSign.make(824629212)), "MQQxJtfc")
  })

  it("covers the unsigned 32-bit range", () => {
    for (const v of [0, 1, 2147483648, 4008506322, 4294967295]) {
      const sign = FiscalSign.make(v)
      assert.strictEqual(Either.getOrThrow(FiscalSign.fromBase64(FiscalSign.toBase64(sign))), String(v))
    }
  })

  it("keeps a non-default prefix when asked", () => {
    const b64 = FiscalSign.toBase64(FiscalSign.make(7), [0x01, 0x02])
    assert.deepStrictEqual(FiscalSign.prefixOfBase64(b64), [0x01, 0x02])
  })

  it("rejects what is not a sign", () => {
    assert.isTrue(Either.isLeft(FiscalSign.fromBase64("MQQxJt")))
    assert.isTrue(Either.isLeft(FiscalSign.fromBase64("MQQxJtf!")))
    assert.throws(() => FiscalSign.make(4294967296))
    assert.throws(() => FiscalSign.make("0123"))
  })
})

describe("Ids", () => {
  it("a 16-digit FN stays the same string", () => {
    const fn = "9999078902004913" // > 2^53: Number() would change it
    assert.notStrictEqual(String(Number(fn)), fn)
    assert.strictEqual(Schema.decodeSync(Ids.FnNumber)(fn), fn)
    assert.throws(() => Schema.decodeSync(Ids.FnNumber)("999907890200491"))
    assert.throws(() => Schema.decodeUnknownSync(Ids.FnNumber)(9999078902004913))
  })

  it("INN is trimmed in the domain and padded on the wire", () => {
    assert.strictEqual(Schema.decodeSync(Ids.InnFromPadded)("6363636363  "), "6363636363")
    assert.strictEqual(Schema.encodeSync(Ids.InnFromPadded)(Schema.decodeSync(Ids.Inn)("6363636363")), "6363636363  ")
    assert.strictEqual(Schema.decodeSync(Ids.InnFromPadded)("772812345678"), "772812345678")
    assert.throws(() => Schema.decodeSync(Ids.InnFromPadded)("12345"))
  })
})

describe("LocalDateTime", () => {
  it("validates the wire form", () => {
    assert.isTrue(LocalDateTime.isLocalDateTime("2020-01-06T10:03:00"))
    assert.isFalse(LocalDateTime.isLocalDateTime("2020-02-30T10:03:00"))
    assert.isFalse(LocalDateTime.isLocalDateTime("2020-01-06 10:03:00"))
    assert.strictEqual(Schema.decodeSync(LocalDateTime.FromWire)("2020-01-06T10:03:00.123"), "2020-01-06T10:03:00")
  })

  it("converts wall clock to instants only with a zone", () => {
    const t = LocalDateTime.unsafeFromString("2026-11-01T00:30:00")
    assert.strictEqual(new Date(LocalDateTime.toInstant(t, "Europe/Moscow")).toISOString(), "2026-10-31T21:30:00.000Z")
    assert.strictEqual(LocalDateTime.fromInstant(Date.UTC(2026, 9, 31, 21, 30), "Europe/Moscow"), t)
    assert.strictEqual(new Date(LocalDateTime.toInstant(t, "Asia/Vladivostok")).toISOString(), "2026-10-31T14:30:00.000Z")
    assert.strictEqual(LocalDateTime.addMillis(t, -3_600_000), "2026-10-31T23:30:00")
  })
})
