/**
 * A value as it crosses JSON: dates become strings, Buffers are never sent. Primitives stay
 * primitives even when branded (sequelize's `CreationOptional<boolean>` is `boolean & {brand?}`).
 */
export type Json<T> = T extends Date
  ? string
  : T extends boolean
    ? boolean
    : T extends string | number
      ? T
      : T extends (infer U)[]
        ? Json<U>[]
        : T extends object
          ? { [K in keyof T]: Json<T[K]> }
          : T;
