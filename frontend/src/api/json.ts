/**
 * A value as it crosses JSON: dates become strings, Buffers are never sent. A primitive stays one
 * (the models' branded `CreationOptional<string>` is a string, not an object to map).
 */
export type Json<T> = T extends string
  ? Primitive<T, string>
  : T extends number
    ? Primitive<T, number>
    : T extends boolean
      ? Primitive<T, boolean>
      : T extends Date
        ? string
        : T extends (infer U)[]
          ? Json<U>[]
          : T extends object
            ? { [K in keyof T]: Json<T[K]> }
            : T;

/** A literal type stays itself; a branded primitive (`string & {brand?}`) becomes the plain one. */
type Primitive<T, P> = P extends T ? P : T;
