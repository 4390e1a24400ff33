// The small vocabulary our schemas are written in, on TypeBox: each schema is a
// plain JSON Schema value that ajv validates with and that a CRD is generated
// from, and its TypeScript type is `Static<typeof schema>`, so the types the
// hooks read (lib/api/kafka.ts...) cannot say what the schema does not. The
// vocabulary keeps to Kubernetes' structural OpenAPI subset:
// - every node has a `type`, or is free-form (x-kubernetes-preserve-unknown-fields);
// - no `$ref` (shared parts are reused as values), no `additionalProperties: false`;
// - no `oneOf`/`anyOf`: a union of shapes is one object whose properties are the
//   union of the variants' and whose tag (`type`) is an enum, as in Strimzi's CRD
//   (taggedUnion: its type is still the union of the variants).
// TypeBox's own unions, enums, literals and records are therefore not used: they
// are written as `anyOf`, `const` or `patternProperties`. A CRD generator leaves
// out what is for ajv alone: `allOf` (conditional requirements, see requiredWhen;
// it may turn them into CEL), whatever refines a free-form node (the scalar values
// of configuration maps), and the envelope's checks (see resource.ts).
import Type, { type Static, type TObject, type TOptional, type TProperties, type TSchema, type TUnsafe } from "typebox";

export type { Static };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ScalarType = "string" | "integer" | "number" | "boolean";
export type SchemaType = ScalarType | "object" | "array";

/** A field required only while a tag field has one of some values (or, with `else`, has none of them). */
export interface ConditionalRequirement {
  readonly if: { readonly properties: Readonly<Record<string, { readonly enum: readonly string[] }>>; readonly required: readonly string[] };
  readonly then: { readonly required: readonly string[] };
  readonly else?: { readonly required: readonly string[] };
}

/** Every keyword our schemas use: what the walkers (validation messages, unknown fields, nesting, CRDs) read. */
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

/**
 * A node whose TypeScript type TypeBox cannot see in its JSON (a string enum
 * with its `type`, a map, a free-form node): typed `T`, and readable as a Schema.
 */
export type Typed<T> = TUnsafe<T> & Schema;

// A type, not an interface: TypeBox's option types have an index signature.
type Common<T extends JsonValue = JsonValue> = {
  description?: string;
  default?: T;
};

/** Drops options left undefined, so schemas compare and print cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function typed<T>(schema: object): Typed<T> {
  // The declared type is the schema's meaning; TypeBox keeps it beside the JSON, invisible to ajv and to JSON.
  return Type.Unsafe<T>(defined(schema)) as Typed<T>;
}

export function string(options: Common<string> & { pattern?: string; minLength?: number } = {}) {
  return Type.String(defined(options));
}

export function integer(options: Common<number> & { minimum?: number; maximum?: number } = {}) {
  return Type.Integer(defined(options));
}

export function number(options: Common<number> & { minimum?: number; maximum?: number } = {}) {
  return Type.Number(defined(options));
}

export function boolean(options: Common<boolean> = {}) {
  return Type.Boolean(defined(options));
}

export function enumOf<const V extends readonly string[]>(values: V, options: Common<V[number]> = {}): Typed<V[number]> {
  return typed({ type: "string", enum: values, ...options });
}

export function array<T extends TSchema>(items: T, options: Common<JsonValue[]> & { minItems?: number } = {}) {
  return Type.Array(items, defined(options));
}

/** An object whose keys are free and whose values all follow `values` (labels, annotations...). */
export function map<T extends TSchema>(values: T, options: Common = {}): Typed<Record<string, Static<T>>> {
  return typed({ type: "object", additionalProperties: values, ...options });
}

/** The properties as TypeBox wants them: each one not in `required` is marked optional. */
export type WithOptional<P extends TProperties, R extends string> = { -readonly [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> };

interface ObjectOptions<R> extends Common {
  required?: R;
  rules?: readonly ConditionalRequirement[];
}

/** Properties are optional unless named in `required`, as in the CRDs; TypeBox writes `required` in property order. */
export function object<const P extends TProperties, const R extends readonly (keyof P & string)[] = []>(
  properties: P,
  options: ObjectOptions<R> = {},
): TObject<WithOptional<P, R[number]>> {
  const { required = [], rules, ...rest } = options;
  const marked = Object.fromEntries(Object.entries(properties).map(([key, schema]) =>
    [key, (required as readonly string[]).includes(key) ? schema : Type.Optional(schema)]));
  // Object.fromEntries forgets which key got which marker; the mapped type says it again.
  return Type.Object(marked as WithOptional<P, R[number]>, defined({ ...rest, allOf: rules?.length ? rules : undefined }));
}

/**
 * An object Kubernetes keeps as it is, fields unknown to us included: embedded
 * Kubernetes types (affinity, volumes...: `T` is their kubernetes-models type)
 * and maps meant for another program.
 */
export function freeForm<T = Record<string, unknown>>(description: string): Typed<T> {
  return typed({ type: "object", description, "x-kubernetes-preserve-unknown-fields": true });
}

/** A free-form map whose values must still be scalars, as Kafka-style configuration is. */
export function configMap(description: string): Typed<Record<string, string | number | boolean>> {
  return typed({ ...freeForm(description), additionalProperties: { type: ["string", "number", "boolean"] } });
}

/** `schema`, whose fields unknown to us Kubernetes keeps: typed as the schema's fields and `T`'s (`keepingUnknownFields<ObjectMeta>()(object(...))`). */
export const keepingUnknownFields = <T>() => <P extends TProperties>(schema: TObject<P>): Typed<T & Static<TObject<P>>> =>
  typed({ ...schema, "x-kubernetes-preserve-unknown-fields": true });

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

/** Which of the shared properties a variant has, and which of them it requires. */
interface Variant<P> {
  readonly fields: readonly (keyof P & string)[];
  readonly required?: readonly (keyof P & string)[];
}

type FieldsOf<V> = V extends { readonly fields: readonly (infer K extends string)[] } ? K : never;
type RequiredOf<V> = V extends { readonly required: readonly (infer K extends string)[] } ? K : never;

/** One variant: its tag value, its fields (optional unless it requires them), from the shared fields' types `F`. */
type VariantOf<Tag extends string, Name extends string, F, V> =
  { [K in Tag | FieldsOf<V> as K extends Tag | RequiredOf<V> ? K : never]: K extends Tag ? Name : K extends keyof F ? F[K] : never }
  & { [K in Exclude<FieldsOf<V>, RequiredOf<V>> & keyof F]?: F[K] };

/** The union of the variants, each with its tag value and its own fields. */
export type TaggedUnionOf<Tag extends string, P extends TProperties, Vs extends Record<string, Variant<P>>> =
  TaggedUnionOfFields<Tag, { [K in keyof P]: Static<P[K]> }, Vs>;
type TaggedUnionOfFields<Tag extends string, F, Vs> = { [Name in keyof Vs & string]: VariantOf<Tag, Name, F, Vs[Name]> }[keyof Vs & string];

/**
 * A union of shapes told apart by `tag`, written as the structural subset
 * wants it: one object with every variant's properties, the tag an enum of the
 * variants' names (described by `tagDescription`), and the fields a variant
 * requires required while the tag names it. Its type is the union of the
 * variants, so code that checks the tag sees only that variant's fields.
 */
export function taggedUnion<const Tag extends string, const P extends TProperties, const Vs extends Record<string, Variant<P>>>(
  tag: Tag,
  tagDescription: string,
  properties: P,
  variants: Vs,
  options: Common = {},
): Typed<TaggedUnionOf<Tag, P, Vs>> {
  const names = Object.keys(variants);
  const rules = Object.entries(variants).flatMap(([name, variant]) =>
    variant.required?.length ? [requiredWhen(tag, [name], variant.required)] : []);
  return typed(object({ [tag]: enumOf(names, { description: tagDescription }), ...properties }, { required: [tag], rules, ...options }));
}
