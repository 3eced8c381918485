/**
 * What is wrong with a query, and where: a 1-based `column` into the query, and either what the
 * parser `expected` there or the `unknownField` named. The route answers it as 400 `invalid_query`.
 */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly column: number,
    readonly detail: { expected?: string[]; unknownField?: string } = {},
  ) {
    super(message);
    this.name = 'FilterError';
  }
}
