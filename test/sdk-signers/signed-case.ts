/** A delivery signed (or deliberately mis-signed) on the Node side by a provider's own SDK. */
export interface SignedCase {
  name: string;
  /** Whether the provider's SDK itself accepts this delivery. */
  sdkAccepts: boolean;
  body: string;
  headers: Record<string, string>;
  method?: string;
  url?: string;
  /** The secrets configured on the source. */
  secrets: string[];
  options?: Record<string, unknown>;
  /** Verification time (ms since epoch) for timestamped schemes. */
  receivedAt: number;
}
