// The real kustomize, where one new enough is on the PATH, alone or inside
// kubectl: the tests compare its build with what they read of the kustomizations.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const run = (program: string, args: string[]): string =>
  execFileSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });

/** kustomize v4 or newer, alone or inside kubectl; older ones cannot take a directory as a resource. */
export function kustomizeCommand(): { argv: string[] } | { skip: string } {
  const onPath = (name: string) => (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
  const major = (version: string) => Number(/v(\d+)\./.exec(version)?.[1] ?? 0);
  if (onPath("kustomize") && major(run("kustomize", ["version"])) >= 4) return { argv: ["kustomize", "build"] };
  if (onPath("kubectl")) {
    const { kustomizeVersion } = JSON.parse(run("kubectl", ["version", "--client", "-o", "json"])) as { kustomizeVersion?: string };
    if (major(kustomizeVersion ?? "") >= 4) return { argv: ["kubectl", "kustomize"] };
  }
  return { skip: "no kustomize v4 or newer on the PATH, alone or in kubectl" };
}
