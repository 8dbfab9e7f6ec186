/** Types of scripts/buildExplorer.mjs (plain JS so it runs at install, without tsx) for the TypeScript that imports it. */

/** The repository root. */
export declare const ROOT: string;
/** Where the built explorer goes: dist/explorer. */
export declare const EXPLORER_OUT: string;
/** Bundles the explorer into `outDir` (default dist/explorer); resolves with the size of app.js in bytes. */
export declare function buildExplorer(outDir?: string): Promise<number>;
