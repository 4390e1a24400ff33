// Paths for tests, which run compiled from dist/test/...: found by walking up to
// the directory holding package.json, so they hold wherever a test file sits.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
/** Material shared by every developer and CI run: ../shared from the repository. */
export const sharedDir = join(repoRoot, "..", "shared");
export const fixturesDir = join(repoRoot, "test", "fixtures");
export const examplesDir = join(sharedDir, "strimzi-examples");
