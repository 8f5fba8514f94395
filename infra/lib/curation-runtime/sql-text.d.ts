// esbuild bundles .sql files as text (lib/curation.ts sets the loader), so the function carries the view.
declare module '*.sql' {
  const text: string;
  export default text;
}
