// Maps written with their keys in order, as Go writes them: a child's labels
// and annotations, and a Secret's data, read the same whatever order they were
// assembled in. An object, not a text (so not safe-stable-stringify): an
// answer's other keys keep the order the builders write them in, and the
// fixtures hold those bytes.
export function sortKeys<V>(map: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
