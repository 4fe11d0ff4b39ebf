/** One HTTP request a simulator received, as it arrived. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw request body as text ('' when there is none); the IOM simulator masks a token request's
   *  client_secret. */
  body: string;
  /** Milliseconds since the epoch, by the simulator's clock. */
  receivedAt: number;
}
