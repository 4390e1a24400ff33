// The small vocabulary our schemas are written in. A schema is a plain JSON Schema
// value that ajv validates with, and that stays close enough to Kubernetes'
// structural OpenAPI subset for a CRD to be generated from it:
// - every node has a `type`, or is free-form (x-kubernetes-preserve-unknown-fields);
// - no `$ref` (shared parts are reused as values), no `additionalProperties: false`;
// - no `oneOf`/`anyOf`: a union of shapes is one object whose properties are the
//   union of the variants' and whose tag (`type`) is an enum, as in Strimzi's CRD.
// A CRD generator leaves out what is for ajv alone: `allOf` (conditional
// requirements, see requiredWhen; it may turn them into CEL), whatever refines a
// free-form node (the scalar values of configuration maps), and the envelope's
// checks (see resource.ts).

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ScalarType = "string" | "integer" | "number" | "boolean";
export type SchemaType = ScalarType | "object" | "array";

/** A field required only while a tag field has one of some values (or, with `else`, has none of them). */
export interface ConditionalRequirement {
  readonly if: { readonly properties: Readonly<Record<string, { readonly enum: readonly string[] }>>; readonly required: readonly string[] };
  readonly then: { readonly required: readonly string[] };
  readonly else?: { readonly required: readonly string[] };
}

export interface Schema {
  readonly type?: SchemaType | readonly ScalarType[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Schema;
  readonly items?: Schema;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly minLength?: number;
  readonly default?: JsonValue;
  readonly allOf?: readonly ConditionalRequirement[];
  readonly "x-kubernetes-preserve-unknown-fields"?: true;
}

interface Common<T extends JsonValue = JsonValue> {
  description?: string;
  default?: T;
}

/** Drops options left undefined, so schemas compare and print cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function string(options: Common<string> & { pattern?: string; minLength?: number } = {}): Schema {
  return defined({ type: "string", ...options });
}

export function integer(options: Common<number> & { minimum?: number; maximum?: number } = {}): Schema {
  return defined({ type: "integer", ...options });
}

export function number(options: Common<number> & { minimum?: number; maximum?: number } = {}): Schema {
  return defined({ type: "number", ...options });
}

export function boolean(options: Common<boolean> = {}): Schema {
  return defined({ type: "boolean", ...options });
}

export function enumOf(values: readonly string[], options: Common<string> = {}): Schema {
  return defined({ type: "string", enum: values, ...options });
}

export function array(items: Schema, options: Common<JsonValue[]> & { minItems?: number } = {}): Schema {
  return defined({ type: "array", items, ...options });
}

/** An object whose keys are free and whose values all follow `values` (labels, annotations...). */
export function map(values: Schema, options: Common = {}): Schema {
  return defined({ type: "object", additionalProperties: values, ...options });
}

export function object(
  properties: Record<string, Schema>,
  options: Common & { required?: readonly string[]; rules?: readonly ConditionalRequirement[] } = {},
): Schema {
  const { rules, ...rest } = options;
  return defined({ type: "object", properties, ...rest, allOf: rules?.length ? rules : undefined });
}

/**
 * An object Kubernetes keeps as it is, fields unknown to us included: embedded
 * Kubernetes types (affinity, volumes...) and maps meant for another program.
 */
export function freeForm(description: string): Schema {
  return { type: "object", description, "x-kubernetes-preserve-unknown-fields": true };
}

/** A free-form map whose values must still be scalars, as Kafka-style configuration is. */
export function configMap(description: string): Schema {
  return { ...freeForm(description), additionalProperties: { type: ["string", "number", "boolean"] } };
}

/**
 * `fields` are required when `tag` is one of `values`; `otherwise`, when it is not.
 * Strimzi checks these in its CRD with CEL or in the operator.
 */
export function requiredWhen(tag: string, values: readonly string[], fields: readonly string[], otherwise?: readonly string[]): ConditionalRequirement {
  return {
    if: { properties: { [tag]: { enum: values } }, required: [tag] },
    then: { required: fields },
    ...(otherwise ? { else: { required: otherwise } } : {}),
  };
}
