/** Types for bigcommerce-specs.js (plain CommonJS so Node and jest's reporter load it unbuilt). */

export interface SpecFile {
  /** Path inside the specs folder, e.g. `webhook-callbacks/data/store_order_created.json`. */
  readonly file: string;
  /** Path inside github.com/bigcommerce/docs. */
  readonly upstream: string;
  /** sha256 (hex) of the file at the pinned commit. */
  readonly sha256: string;
}

export type SpecsLocation =
  { found: true; dir: string; source: string } | { found: false; reason: string; searched: string[] };

export declare const UPSTREAM: { readonly repo: string; readonly commit: string };
export declare const SPEC_FILES: readonly SpecFile[];
export declare const SHARED_SPECS_DIR: string;
export declare const FETCHED_SPECS_DIR: string;
export declare const DEFAULT_SPECS_DIRS: readonly string[];
export declare const SKIP_MARK: string;

export declare function rawUrl(upstreamPath: string, commit?: string): string;
export declare function locateSpecs(opts: {
  env?: Record<string, string | undefined>;
  repoRoot: string;
  exists?: (file: string) => boolean;
}): SpecsLocation;
export declare function skippedLine(count: number, reason: string): string;

/** A failure of `npm run specs:fetch` that its message alone explains (printed without a stack). */
export declare class SpecsFetchError extends Error {}

export interface DownloadOptions {
  /** `fetch`, or a stand-in in tests. */
  fetchImpl: (
    url: string,
    init: { signal: AbortSignal; headers: Record<string, string> },
  ) => Promise<Response>;
  timeoutMs?: number;
  /** Extra attempts after a network failure, 429 or 5xx (default 2). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Check each file's sha256 against the pinned one (default true). */
  verify?: boolean;
  commit?: string;
  concurrency?: number;
}

export declare function sha256(bytes: Uint8Array | string): string;
export declare function downloadSpec(spec: SpecFile, opts: DownloadOptions): Promise<Buffer>;
export declare function downloadSpecs(
  specs: readonly SpecFile[],
  opts: DownloadOptions,
): Promise<Map<string, Buffer>>;
export declare function specsToFetch(
  dir: string,
  opts?: { force?: boolean; specs?: readonly SpecFile[]; read?: (file: string) => Uint8Array },
): SpecFile[];
export declare function writeSpecs(dir: string, files: ReadonlyMap<string, Uint8Array>): void;
