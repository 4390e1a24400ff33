// The config providers every node registers, by the aliases Strimzi gives them,
// and how a property names a file the node reads at start.

/** Config provider aliases, named as Strimzi names them so values written for Strimzi keep working. */
export const PROVIDER = { env: "strimzienv", file: "strimzifile", dir: "strimzidir" } as const;

/** A file of a mounted directory, read by Kafka's DirectoryConfigProvider when the node starts. */
export const fromDir = (dir: string, file: string): string => `\${${PROVIDER.dir}:${dir}:${file}}`;
