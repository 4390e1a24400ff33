// A pod's volumes as directories on this machine, as the kubelet sets them up:
// ConfigMap, Secret, projected and downward-API volumes are written the way the
// kubelet's atomic writer does (files are links through `..data` to a dated
// directory, swapped in one rename, so a refresh is seen whole); emptyDirs live
// and die with the pod; a PersistentVolumeClaim is a directory kept by the
// claim's uid, across pods, until the claim is deleted.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ConfigMap, PersistentVolumeClaim, Pod, Secret, Volume } from "../../lib/api/kubernetes.js";
import type { IDownwardAPIVolumeFile } from "kubernetes-models/v1/DownwardAPIVolumeFile";
import type { IKeyToPath } from "kubernetes-models/v1/KeyToPath";

/** What the volumes are made from: read from the API server (or an informer's cache). */
export interface VolumeSources {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
}

/** Why a volume cannot be set up yet (the pod stays ContainerCreating, or unschedulable for a missing claim). */
export class VolumeNotReady extends Error {
  constructor(message: string, readonly unschedulable = false) {
    super(message);
  }
}

const DEFAULT_MODE = 0o644;

/** A field of the pod as the downward API spells it: metadata.name, metadata.labels['x'], ... */
export function podField(pod: Pod, path: string, podIP = ""): string {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (keyed) return (keyed[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations)?.[keyed[2] ?? ""] ?? "";
  const map = (m: Record<string, string> | undefined): string => Object.keys(m ?? {}).sort().map((k) => `${k}="${m?.[k] ?? ""}"`).join("\n");
  switch (path) {
    case "metadata.name": return pod.metadata?.name ?? "";
    case "metadata.namespace": return pod.metadata?.namespace ?? "";
    case "metadata.uid": return pod.metadata?.uid ?? "";
    case "metadata.labels": return map(pod.metadata?.labels);
    case "metadata.annotations": return map(pod.metadata?.annotations);
    case "spec.nodeName": return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? "";
    case "status.podIP": return podIP;
    case "status.hostIP": return "127.0.0.1";
    default: throw new Error(`downward API field ${path} is not supported by the process kubelet`);
  }
}

type Files = Map<string, { content: Buffer; mode: number }>;

function keyedFiles(data: Record<string, Buffer>, items: IKeyToPath[] | undefined, mode: number, what: string, optional: boolean): Files {
  const files: Files = new Map();
  if (!items) {
    for (const [key, content] of Object.entries(data)) files.set(key, { content, mode });
    return files;
  }
  for (const item of items) {
    const content = data[item.key];
    if (content === undefined) {
      if (optional) continue;
      throw new VolumeNotReady(`couldn't find key ${item.key} in ${what}`);
    }
    files.set(item.path, { content, mode: item.mode ?? mode });
  }
  return files;
}

const decoded = (secret: Secret): Record<string, Buffer> =>
  Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64")]));
const configMapData = (configMap: ConfigMap): Record<string, Buffer> => ({
  ...Object.fromEntries(Object.entries(configMap.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "utf8")])),
  ...Object.fromEntries(Object.entries(configMap.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64")])),
});

function downwardFiles(pod: Pod, items: IDownwardAPIVolumeFile[], mode: number, podIP: string): Files {
  const files: Files = new Map();
  for (const item of items) {
    if (!item.fieldRef) throw new Error(`downward API item ${item.path}: only fieldRef is supported by the process kubelet`);
    files.set(item.path, { content: Buffer.from(podField(pod, item.fieldRef.fieldPath, podIP)), mode: item.mode ?? mode });
  }
  return files;
}

/**
 * A service account token as the kubelet projects it; the stand-in API server takes any bearer
 * token, so this one only names whose it stands for.
 */
function serviceAccountTokenFile(pod: Pod, path: string, mode: number): Files {
  const account = `system:serviceaccount:${pod.metadata?.namespace ?? ""}:${pod.spec?.serviceAccountName ?? "default"}`;
  return new Map([[path, { content: Buffer.from(`realbed-token-of-${account}`), mode }]]);
}

export class PodVolumes {
  /** What each volume directory was last written with. */
  private readonly written = new Map<string, string>();

  constructor(private readonly root: string, private readonly sources: VolumeSources, private readonly fsGroupDefault = 1000) {}

  /** Where the claim of that uid keeps its data. */
  claimDirectory(claimUid: string): string {
    return join(this.root, "claims", claimUid);
  }

  private podDirectory(podUid: string): string {
    return join(this.root, "pods", podUid);
  }

  /** The files of a ConfigMap, Secret, projected or downward-API volume; undefined for other kinds. */
  private files(pod: Pod, volume: Volume, podIP: string): Files | undefined {
    const namespace = pod.metadata?.namespace ?? "";
    if (volume.configMap) {
      const source = volume.configMap;
      const found = this.sources.configMap(namespace, source.name ?? "");
      if (!found) {
        if (source.optional) return new Map();
        throw new VolumeNotReady(`MountVolume.SetUp failed for volume "${volume.name}" : configmap "${source.name ?? ""}" not found`);
      }
      return keyedFiles(configMapData(found), source.items, source.defaultMode ?? DEFAULT_MODE, `configmap ${source.name ?? ""}`, source.optional === true);
    }
    if (volume.secret) {
      const source = volume.secret;
      const found = this.sources.secret(namespace, source.secretName ?? "");
      if (!found) {
        if (source.optional) return new Map();
        throw new VolumeNotReady(`MountVolume.SetUp failed for volume "${volume.name}" : secret "${source.secretName ?? ""}" not found`);
      }
      return keyedFiles(decoded(found), source.items, source.defaultMode ?? DEFAULT_MODE, `secret ${source.secretName ?? ""}`, source.optional === true);
    }
    if (volume.downwardAPI) {
      return downwardFiles(pod, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? DEFAULT_MODE, podIP);
    }
    if (volume.projected) {
      const mode = volume.projected.defaultMode ?? DEFAULT_MODE;
      const files: Files = new Map();
      for (const source of volume.projected.sources ?? []) {
        const part = source.configMap ? this.files(pod, { name: volume.name, configMap: { ...source.configMap, defaultMode: mode } }, podIP)
          : source.secret ? this.files(pod, { name: volume.name, secret: { ...source.secret, secretName: source.secret.name ?? "", defaultMode: mode } }, podIP)
            : source.downwardAPI ? downwardFiles(pod, source.downwardAPI.items ?? [], mode, podIP)
              : source.serviceAccountToken ? serviceAccountTokenFile(pod, source.serviceAccountToken.path, mode)
                : undefined;
        if (!part) throw new Error(`projected volume ${volume.name}: only configMap, secret, downwardAPI and serviceAccountToken sources are supported by the process kubelet`);
        for (const [path, file] of part) files.set(path, file);
      }
      return files;
    }
    return undefined;
  }

  /** Writes files as the kubelet's atomic writer does; false when they were already there as they are. */
  private writeAtomically(directory: string, files: Files): boolean {
    const current = join(directory, "..data");
    const signature = JSON.stringify([...files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([p, f]) => [p, f.mode, f.content.toString("base64")]));
    mkdirSync(directory, { recursive: true, mode: 0o755 });
    if (existsSync(current) && this.written.get(directory) === signature) return false;
    const previous = existsSync(current) ? readlinkSync(current) : undefined;
    const dated = `..${new Date().toISOString().replace(/[:.]/g, "_")}.${Math.random().toString(36).slice(2, 8)}`;
    for (const [path, file] of files) {
      const target = join(directory, dated, path);
      mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
      writeFileSync(target, file.content, { mode: file.mode });
    }
    mkdirSync(join(directory, dated), { recursive: true, mode: 0o755 });
    symlinkSync(dated, `${current}_tmp`);
    renameSync(`${current}_tmp`, current);
    for (const top of new Set([...files.keys()].map((p) => p.split("/")[0] ?? p))) {
      const link = join(directory, top);
      if (!existsSync(link)) symlinkSync(join("..data", top), link);
    }
    // Keys gone from the source go with their links.
    const tops = new Set([...files.keys()].map((p) => p.split("/")[0]));
    for (const entry of readdirSync(directory)) {
      if (!entry.startsWith("..") && !tops.has(entry)) rmSync(join(directory, entry), { force: true });
    }
    if (previous) rmSync(join(directory, previous), { recursive: true, force: true });
    this.written.set(directory, signature);
    return true;
  }

  /**
   * Sets up (or refreshes) every volume of the pod; returns the host directory of
   * each volume by name. Throws VolumeNotReady while a source is missing.
   */
  setUp(pod: Pod, podIP: string): Map<string, string> {
    const namespace = pod.metadata?.namespace ?? "";
    const uid = pod.metadata?.uid ?? "";
    const fsGroup = pod.spec?.securityContext?.fsGroup ?? this.fsGroupDefault;
    const directories = new Map<string, string>();
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.persistentVolumeClaim) {
        const claim = this.sources.claim(namespace, volume.persistentVolumeClaim.claimName);
        if (!claim?.metadata?.uid) throw new VolumeNotReady(`persistentvolumeclaim "${volume.persistentVolumeClaim.claimName}" not found`, true);
        const directory = this.claimDirectory(claim.metadata.uid);
        if (!existsSync(directory)) {
          mkdirSync(directory, { recursive: true });
          // A volume of a pod with an fsGroup belongs to that group, group-writable and setgid.
          chownSync(directory, 0, fsGroup);
          chmodSync(directory, 0o2775);
        }
        directories.set(volume.name, directory);
        continue;
      }
      if (volume.emptyDir) {
        const directory = join(this.podDirectory(uid), "empty-dir", volume.name);
        if (!existsSync(directory)) {
          mkdirSync(directory, { recursive: true });
          chownSync(directory, 0, fsGroup);
          chmodSync(directory, 0o2777);
        }
        directories.set(volume.name, directory);
        continue;
      }
      const files = this.files(pod, volume, podIP);
      if (!files) throw new Error(`volume ${volume.name}: its kind is not supported by the process kubelet`);
      const directory = join(this.podDirectory(uid), "volumes", volume.name);
      this.writeAtomically(directory, files);
      directories.set(volume.name, directory);
    }
    return directories;
  }

  /** Removes what a pod that is gone had (its emptyDirs and copies of ConfigMaps and Secrets). */
  tearDown(podUid: string): void {
    for (const directory of this.written.keys()) if (directory.startsWith(this.podDirectory(podUid))) this.written.delete(directory);
    rmSync(this.podDirectory(podUid), { recursive: true, force: true });
  }

  /** Removes the data of claims that no longer exist; `claimUids` are the claims that do. */
  releaseClaims(claimUids: ReadonlySet<string>, inUse: ReadonlySet<string>): string[] {
    const directory = join(this.root, "claims");
    if (!existsSync(directory)) return [];
    const released = readdirSync(directory).filter((uid) => !claimUids.has(uid) && !inUse.has(uid));
    for (const uid of released) rmSync(join(directory, uid), { recursive: true, force: true });
    return released;
  }
}
