import type { ProviderFake } from "./provider-fake";

declare const fake: ProviderFake;
export default fake;
