// The tokens package types its theme CSS strings (dist/types/artifacts/themes/*.d.ts), but not
// under the ESM path the card imports them by.
declare module '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light' {
  const css: string;
  export default css;
}
declare module '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-dark' {
  const css: string;
  export default css;
}
