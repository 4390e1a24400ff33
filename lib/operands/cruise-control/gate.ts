// Whether a Kafka's `spec.cruiseControl` is acted on. Cruise Control's jars and its
// metrics reporter's are not in the kafka-extras image jars.txt pins
// (FEATURES_AWAITING_JARS): a broker told to load the reporter without its jar, or a
// Cruise Control pod without its own, would crash-loop, and turning the section on
// rolls every broker into that. So the section is acted on only where the operator
// names a kafka-extras image that carries both (`CRUISE_CONTROL_EXTRAS_IMAGE` of the
// hooks' Deployment), or once jars.txt pins them; elsewhere it is set aside whole with
// a Warning, and the cluster reconciles as if it were absent.
import type { Kafka } from "../../api/kafka.js";
import { FEATURES_AWAITING_JARS, type ExtraJarFeature } from "../../kafka-files/extra-jars.js";
import type { ModelProblem } from "../../model/types.js";
import { REASON } from "../../reasons.js";

export type CruiseControlGate =
  /** Acted on; the kafka-extras image every init container of the cluster copies from, when not the default one. */
  | { on: true; kafkaExtrasImage?: string }
  /** Set aside, with the Warning that says so. */
  | { on: false; warning: ModelProblem };

export const CRUISE_CONTROL_EXTRAS_IMAGE_ENV = "CRUISE_CONTROL_EXTRAS_IMAGE";

/** The gate of a Kafka that sets `spec.cruiseControl`: on with the operator's image, or once no jar awaits. */
export function cruiseControlGate(extrasImage: string | undefined, awaiting: readonly ExtraJarFeature[] = FEATURES_AWAITING_JARS): CruiseControlGate {
  if (extrasImage !== undefined) return { on: true, kafkaExtrasImage: extrasImage };
  if (awaiting.length === 0) return { on: true };
  return {
    on: false,
    warning: {
      reason: REASON.ignoredField,
      path: "spec.cruiseControl",
      message: `Cruise Control is not deployed and the brokers get no metrics reporter: the kafka-extras image lacks ${awaiting.join(" and ")} `
        + `(Maven Central serves no com.linkedin.cruisecontrol artifact), and pods without them would not start; `
        + `set ${CRUISE_CONTROL_EXTRAS_IMAGE_ENV} on the operator to a kafka-extras image that carries them`,
    },
  };
}

/** The Kafka as the sync acts on it while the gate is off: without its Cruise Control section. */
export function withoutCruiseControl(kafka: Kafka): Kafka {
  const { cruiseControl: _setAside, ...spec } = kafka.spec;
  return { ...kafka, spec };
}

/**
 * With the gate off, `autoRebalance` is named on its own as well: no Cruise Control
 * runs here to rebalance with, and the sidecar (told by the same variable) starts no
 * rebalance on scaling.
 */
export function autoRebalanceSetAside(kafka: Kafka, gate: CruiseControlGate | undefined): ModelProblem | undefined {
  if (gate?.on !== false || kafka.spec.cruiseControl?.autoRebalance === undefined) return undefined;
  return { reason: REASON.ignoredField, path: "spec.cruiseControl.autoRebalance", message: "is ignored: Cruise Control is not deployed, so brokers are not rebalanced on scaling" };
}
