/** Types of scripts/buildCli.mjs (plain JS so it runs without tsx) for the TypeScript that imports it. */

/** The repository root. */
export declare const ROOT: string;
/** The bundle bin/zkinterop.js runs: dist/cli.mjs. */
export declare const BUNDLE: string;
/** The input list the bundle was built from, with each file's size and mtime: dist/cli.stamp.json. */
export declare const STAMP: string;
/** Bundles the CLI and writes its stamp; resolves with the number of stamped input files. */
export declare function buildCli(): Promise<number>;
/** Whether dist/cli.mjs was built from the files as they are now. */
export declare function isBundleFresh(): boolean;
