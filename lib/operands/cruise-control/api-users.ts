// The users of Cruise Control's REST API (Strimzi's HashLoginServiceApiCredentials):
// the operator's own `rebalance-operator` (ADMIN) and `healthcheck` (USER), the
// Topic Operator's `topic-operator` (ADMIN) while it runs, and the users of the
// user's Secret (`spec.cruiseControl.apiUsers`, VIEWER or USER only). Passwords are
// generated once, with the injected randomness, and kept from the observed Secrets
// ever after. Nothing here names a password in a message.
import type { CruiseControlSpec } from "../../api/kafka.js";
import type { Secret } from "../../api/kubernetes.js";
import { secretText, type SecretsByName } from "../../certificates/observed-secrets.js";
import type { ModelProblem } from "../../model/types.js";
import { REASON } from "../../reasons.js";
import { generateScramPassword } from "../../users/scram-password.js";
import {
  AUTH_FILE_KEY, cruiseControlApiSecretName, HEALTHCHECK_USER, REBALANCE_OPERATOR_USER, TOPIC_OPERATOR_PASSWORD_KEY, TOPIC_OPERATOR_USER,
  TOPIC_OPERATOR_USER_KEY, topicOperatorApiSecretName,
} from "./names.js";

export type ApiRole = "VIEWER" | "USER" | "ADMIN";

export interface ApiUser {
  name: string;
  password: string;
  role: ApiRole;
}

/** Every user of the API, the operator's first, and the Topic Operator's password when it has one. */
export interface ApiUsers {
  rebalanceOperator: ApiUser;
  healthcheck: ApiUser;
  topicOperator?: ApiUser;
  /** The user's own, in the order of their file. */
  userManaged: readonly ApiUser[];
}

/** Strimzi's generated passwords are 16 letters and digits, a letter first. */
const PASSWORD_LENGTH = 16;

/** One line of Jetty's HashLoginService file, `username: password, ROLE` (Strimzi's HASH_LOGIN_SERVICE_PATTERN). */
const ENTRY = /^([\w-]+)\s*:\s*(\w+)\s*,\s*(\w+)\s*$/;
const ROLES: readonly ApiRole[] = ["VIEWER", "USER", "ADMIN"];
const RESERVED: readonly string[] = [HEALTHCHECK_USER, REBALANCE_OPERATOR_USER, TOPIC_OPERATOR_USER];

/** The entries of a users file, or what is wrong with it (by line number: a line holds a password). */
export function parseUsersFile(file: string): { users: ApiUser[] } | { problem: string } {
  const lines = file.split(/\r?\n|\r/);
  if (lines.at(-1) === "") lines.pop();
  const users: ApiUser[] = [];
  for (const [index, line] of lines.entries()) {
    const match = ENTRY.exec(line);
    const [, name = "", password = "", role = ""] = match ?? [];
    if (!match) return { problem: `line ${index + 1} is not in the HashLoginService format \`username: password, ROLE\`` };
    if (!(ROLES as readonly string[]).includes(role)) return { problem: `line ${index + 1} has the unknown role ${role}` };
    if (users.some((u) => u.name === name)) return { problem: `the username ${name} is given twice` };
    users.push({ name, password, role: role as ApiRole });
  }
  return { users };
}

/** The user's own users, from the Secret `apiUsers` names; or why they cannot be used, which refuses the sync. */
function userManagedUsers(apiUsers: CruiseControlSpec["apiUsers"], secrets: SecretsByName): { users: ApiUser[] } | { problem: ModelProblem } {
  if (!apiUsers) return { users: [] };
  const ref = apiUsers.valueFrom?.secretKeyRef;
  const path = "spec.cruiseControl.apiUsers.valueFrom.secretKeyRef";
  const refuse = (message: string) => ({ problem: { reason: REASON.invalidResource, path, message } });
  if (!ref?.name || !ref.key) return refuse("must name a Secret and a key");
  const secret = secrets.get(ref.name);
  if (!secret) return refuse(`Secret ${ref.name} does not exist`);
  // A key the Secret lacks adds no users, as in Strimzi.
  const file = secretText(secret, ref.key);
  if (file === undefined) return { users: [] };
  const parsed = parseUsersFile(file);
  if ("problem" in parsed) return refuse(`key ${ref.key} of Secret ${ref.name}: ${parsed.problem}`);
  const reserved = parsed.users.find((u) => RESERVED.includes(u.name));
  if (reserved) return refuse(`key ${ref.key} of Secret ${ref.name}: the username ${reserved.name} is reserved (${RESERVED.join(", ")})`);
  const admin = parsed.users.find((u) => u.role === "ADMIN");
  if (admin) return refuse(`key ${ref.key} of Secret ${ref.name}: user ${admin.name} has the role ADMIN, which only the operator's users may have`);
  return { users: parsed.users };
}

/** A password the observed auth file gives `name`, kept across syncs. */
function keptPassword(secret: Secret | undefined, name: string): string | undefined {
  const file = secretText(secret, AUTH_FILE_KEY);
  if (file === undefined) return undefined;
  for (const line of file.split(/\r?\n/)) {
    const [, user, password] = ENTRY.exec(line) ?? [];
    if (user === name && password !== undefined) return password;
  }
  return undefined;
}

export interface ApiUsersInput {
  cluster: string;
  spec: Pick<CruiseControlSpec, "apiUsers">;
  /** Whether the Topic Operator runs, which then has a user of its own. */
  topicOperator: boolean;
  /** The observed Secrets, the API Secret and the Topic Operator's among the children, the user's among the related objects. */
  secrets: SecretsByName;
  random: (bytes: number) => Buffer;
}

export function cruiseControlApiUsers(input: ApiUsersInput): { ok: true; users: ApiUsers } | { ok: false; problems: ModelProblem[] } {
  const userManaged = userManagedUsers(input.spec.apiUsers, input.secrets);
  if ("problem" in userManaged) return { ok: false, problems: [userManaged.problem] };
  const apiSecret = input.secrets.get(cruiseControlApiSecretName(input.cluster));
  const user = (name: string, role: ApiRole): ApiUser => ({ name, role, password: keptPassword(apiSecret, name) ?? generateScramPassword(input.random, PASSWORD_LENGTH) });
  const topicOperatorSecret = input.secrets.get(topicOperatorApiSecretName(input.cluster));
  const topicOperatorPassword = secretText(topicOperatorSecret, TOPIC_OPERATOR_PASSWORD_KEY);
  const topicOperatorName = secretText(topicOperatorSecret, TOPIC_OPERATOR_USER_KEY);
  return {
    ok: true,
    users: {
      rebalanceOperator: user(REBALANCE_OPERATOR_USER, "ADMIN"),
      healthcheck: user(HEALTHCHECK_USER, "USER"),
      ...(input.topicOperator ? {
        topicOperator: {
          name: TOPIC_OPERATOR_USER,
          role: "ADMIN" as const,
          password: topicOperatorName === TOPIC_OPERATOR_USER && topicOperatorPassword ? topicOperatorPassword : generateScramPassword(input.random, PASSWORD_LENGTH),
        },
      } : {}),
      userManaged: userManaged.users,
    },
  };
}

/** Jetty's HashLoginService file: the operator's users, the Topic Operator's, then the user's. */
export function authFile(users: ApiUsers): string {
  const all = [users.rebalanceOperator, users.healthcheck, ...(users.topicOperator ? [users.topicOperator] : []), ...users.userManaged];
  return all.map((u) => `${u.name}: ${u.password}, ${u.role}\n`).join("");
}
