// PGlite ships its contrib extensions' types under `exports` ("./contrib/*"), which this project's
// `moduleResolution: node` does not read; these are the two the embedded database loads.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  export const pg_trgm: import('@electric-sql/pglite').Extension;
}
declare module '@electric-sql/pglite/contrib/btree_gin' {
  export const btree_gin: import('@electric-sql/pglite').Extension;
}
