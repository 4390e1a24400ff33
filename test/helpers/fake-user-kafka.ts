// The User Operator's Kafka in memory (entity-operator/user-operator/reconciler.ts's
// UserKafka): ACL bindings, user quotas and SCRAM credentials as Kafka holds them,
// and every changing request logged, so tests assert exactly what was sent.
import { aclKey, type AclBinding } from "../../lib/users/acls.js";
import type { QuotaChanges, Quotas } from "../../lib/model/client-quotas.js";
import type { UserKafka } from "../../entity-operator/user-operator/reconciler.js";
import type { ScramCredential } from "../../sidecar/kafka/user-requests.js";

export class FakeUserKafka implements UserKafka {
  readonly acls = new Map<string, AclBinding>();
  readonly quotas = new Map<string, Quotas>();
  readonly scram = new Map<string, ScramCredential>();
  requests: string[] = [];

  async describeAcls(principal: string | null): Promise<AclBinding[]> {
    return [...this.acls.values()].filter((b) => principal === null || b.principal === principal);
  }

  async createAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length > 0) this.requests.push(`create ${bindings.length}`);
    for (const b of bindings) this.acls.set(aclKey(b), b);
  }

  async deleteAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length > 0) this.requests.push(`delete ${bindings.length}`);
    for (const b of bindings) this.acls.delete(aclKey(b));
  }

  async describeUserQuotas(): Promise<Map<string, Quotas>> {
    return new Map(this.quotas);
  }

  async alterUserQuotas(changes: ReadonlyMap<string, QuotaChanges>): Promise<void> {
    for (const [user, change] of changes) {
      const next: Record<string, number> = { ...this.quotas.get(user) };
      for (const [key, value] of Object.entries(change)) {
        this.requests.push(`quota ${user} ${key}=${value}`);
        if (value === null) delete next[key];
        else next[key] = value;
      }
      if (Object.keys(next).length > 0) this.quotas.set(user, next);
      else this.quotas.delete(user);
    }
  }

  async describeScramUsers(): Promise<string[]> {
    return [...this.scram.keys()];
  }

  async alterScramCredentials(upsertions: readonly ScramCredential[], deletions: readonly string[]): Promise<void> {
    for (const c of upsertions) {
      this.requests.push(`scram ${c.user}`);
      this.scram.set(c.user, c);
    }
    for (const d of deletions) {
      this.requests.push(`scram delete ${d}`);
      this.scram.delete(d);
    }
  }
}
