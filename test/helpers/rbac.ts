// Kubernetes' RBAC authorizer for one ServiceAccount, over the objects of an
// install: ClusterRoleBindings grant their ClusterRole everywhere; a RoleBinding
// grants its Role, or the ClusterRole it names, in its own namespace only. A
// rule matches by API group, resource, verb (each or "*") and, when it lists
// resourceNames, by the object's name (which a create or a list has none of).
import type { ApiRequest } from "./fake-apiserver.js";

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

interface RbacObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

export interface ServiceAccountRef {
  name: string;
  namespace: string;
}

const has = (list: readonly string[], value: string): boolean => list.includes(value) || list.includes("*");

export function ruleAllows(rule: PolicyRule, request: ApiRequest): boolean {
  return has(rule.apiGroups, request.group) && has(rule.resources, request.resource) && has(rule.verbs, request.verb)
    && (rule.resourceNames === undefined || (request.name !== undefined && rule.resourceNames.includes(request.name)));
}

/** The rules that apply to the account's requests in `namespace` (undefined: a request across all namespaces). */
export function rulesFor(objects: readonly object[], account: ServiceAccountRef, namespace: string | undefined): PolicyRule[] {
  const all = objects as RbacObject[];
  const role = (kind: string, name: string, in_?: string) => all.find((o) => o.kind === kind && o.metadata?.name === name && (kind === "ClusterRole" || o.metadata?.namespace === in_));
  const bound = (b: RbacObject) => (b.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === account.name && s.namespace === account.namespace);
  return all.flatMap((binding) => {
    if (!bound(binding) || !binding.roleRef) return [];
    if (binding.kind === "ClusterRoleBinding") return role("ClusterRole", binding.roleRef.name)?.rules ?? [];
    if (binding.kind !== "RoleBinding" || namespace === undefined || binding.metadata?.namespace !== namespace) return [];
    return role(binding.roleRef.kind, binding.roleRef.name, namespace)?.rules ?? [];
  });
}

export function allows(objects: readonly object[], account: ServiceAccountRef, request: ApiRequest): boolean {
  return rulesFor(objects, account, request.namespace).some((rule) => ruleAllows(rule, request));
}
