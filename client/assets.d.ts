/** A font file bundled by webpack's asset modules: its URL under /static/. */
declare module '*.woff2' {
  const url: string;
  export default url;
}
