// express-hbs ships no types; this is the part Rollcall uses.
declare module 'express-hbs' {
  interface Hbs {
    express4(options: { partialsDir?: string | string[]; layoutsDir?: string; defaultLayout?: string; extname?: string }): (
      path: string,
      options: object,
      callback: (err: Error | null, html?: string) => void,
    ) => void;
    registerHelper(name: string, helper: (...args: unknown[]) => unknown): void;
  }
  const hbs: Hbs;
  export default hbs;
}
