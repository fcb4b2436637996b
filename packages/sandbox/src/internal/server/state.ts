/**
 * The server's mutable state: sessions, OAuth codes, NewDocuments callers, registration applications, drafts,
 * registers added by DraftAccept, fault settings and counters. One JavaScript thread runs every fiber, and no
 * state change spans a yield, so plain maps are safe here.
 */
import type { Registration } from "@taxcom-kit/core"
import type { Dataset } from "../../Dataset.js"
import type { Faults } from "../../Faults.js"
import type { ServerSettings, User } from "../../Settings.js"
import type { DraftRec, KktRec, Millis, OutletRec } from "../model.js"
import { hash, Rng } from "../prng.js"

export interface Session {
  readonly token: string
  readonly user: User
  readonly kind: "login" | "oauth" | "certificate"
  /** Clock millis (not wall-clock): when it was last used, and a hard expiry for OAuth tokens. */
  lastUse: number
  readonly expiresAt: number | null
}

export interface Application {
  readonly kind: "registration" | "reregistration"
  readonly number: string
  /** Clock millis of creation, and the sandbox wall clock then. */
  readonly createdAt: number
  readonly createdWall: Millis
  readonly fn: string
  readonly kktRegNumber: string
  readonly kktFactoryNumber: string
  readonly kktModel: string
  readonly fnModel: string
  readonly address: Registration.InstallationAddress
  readonly usage: Registration.UsageFlags
  readonly reasons: Registration.ReRegistrationReasons | null
  draftMade: boolean
}

export class State {
  readonly sessions = new Map<string, Session>()
  /** A user's current login session (Login returns it again while it is valid). */
  readonly loginSessionOf = new Map<string, string>()
  readonly oauthCodes = new Map<string, { readonly clientId: string; readonly login: string; readonly redirectUri: string }>()
  readonly feedCallers = new Map<string, { readonly lastCall: number; readonly complete: boolean }>()
  readonly applications = new Map<string, Application>()
  readonly removals: Array<{ readonly number: string; readonly kktRegNumber: string }> = []
  readonly drafts: Array<DraftRec>
  readonly extraOutlets: Array<OutletRec> = []
  readonly extraKkts: Array<KktRec> = []
  readonly stats = new Map<string, number>()
  faults: Faults
  faultRng: Rng
  private counter = 0
  nextDraftId = 2001
  listRequests = 0

  constructor(readonly ds: Dataset, readonly settings: ServerSettings) {
    this.drafts = [...ds.drafts]
    this.faults = settings.faults
    this.faultRng = new Rng(hash(settings.faults.seed, 0xfa17))
  }

  /** A fresh opaque token (32 hex digits), deterministic in the order tokens are issued. */
  newToken(): string {
    const n = ++this.counter
    const seed = this.ds.source.seed ?? 0
    return [hash(seed, n, 1), hash(seed, n, 2), hash(seed, n, 3), hash(seed, n, 4)].map((x) => x.toString(16).padStart(8, "0")).join("")
  }

  nextNumber(): number {
    return ++this.counter
  }

  setFaults(f: Faults): void {
    this.faults = f
    this.faultRng = new Rng(hash(f.seed, 0xfa17))
  }

  count(method: string): void {
    this.stats.set(method, (this.stats.get(method) ?? 0) + 1)
  }
}
