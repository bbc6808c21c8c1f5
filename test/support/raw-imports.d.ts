/** Vite's `?raw` suffix: a fixture file's exact text (the bytes a provider signed), not parsed JSON. */
declare module "*.json?raw" {
  const text: string;
  export default text;
}
