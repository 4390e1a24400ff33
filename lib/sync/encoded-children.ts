// A Kafka's remembered children kept as their JSON: its sync reads only its
// PodSets again, and the server only its CA certificate Secrets, while the
// objects would hold as much heap as their JSON again (0.37 of a 30-node
// cluster's 0.79 MiB). The answer writes the bytes (hooks/answer-json.ts).
import type { KubeObject } from "../api/kubernetes.js";
import { jsonText } from "../encoded-json.js";

/** Children kept as their JSON, and as objects only those still read after the answer is built. JSON.stringify writes them all. */
export class EncodedChildren {
  private constructor(readonly json: Buffer, readonly kept: readonly KubeObject[]) {}

  /** `children` as JSON, keeping the objects `keep` selects. */
  static of(children: readonly KubeObject[], keep: (child: KubeObject) => boolean): EncodedChildren {
    return new EncodedChildren(Buffer.from(jsonText(children) as string), children.filter(keep));
  }

  /** These children, then `more` (all kept): their bytes joined, nothing parsed. */
  followedBy(more: readonly KubeObject[]): EncodedChildren {
    if (more.length === 0) return this;
    const tail = Buffer.from(jsonText(more) as string);
    const json = this.json.length === 2 ? tail : Buffer.concat([this.json.subarray(0, -1), Buffer.from(","), tail.subarray(1)]);
    return new EncodedChildren(json, [...this.kept, ...more]);
  }

  /** The children as objects, parsed from the bytes. */
  toJSON(): KubeObject[] {
    return JSON.parse(this.json.toString()) as KubeObject[];
  }
}

/** Children as an answer holds them: objects, or only their JSON. */
export type AnswerChildren = readonly KubeObject[] | EncodedChildren;

/** The children as objects, parsed again when only their JSON was kept. */
export const childObjects = (children: AnswerChildren): readonly KubeObject[] => (children instanceof EncodedChildren ? children.toJSON() : children);

/** These children, then `more`; the very same children when there is none. */
export function childrenFollowedBy(children: AnswerChildren, more: readonly KubeObject[]): AnswerChildren {
  if (children instanceof EncodedChildren) return children.followedBy(more);
  return more.length === 0 ? children : [...children, ...more];
}
