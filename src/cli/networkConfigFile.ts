/**
 * `up --config <file>`: a JSON (or TS/JS module with a default export) describing the network, checked
 * with a schema so a typo gets a precise message instead of a surprise.
 * Example (JSON):
 *   { "gateway": { "chainId": 506, "port": 3150 }, "chains": [{ "chainId": 271, "port": 3050 }, { "chainId": 273, "port": 3350, "settlesOn": "l1" }],
 *     "l1": { "port": 8545 }, "profile": "default", "autorelay": false, "delays": { "batchTimeMs": 50, "l1": { "blockTimeMs": 1200 } },
 *     "accounts": [{ "privateKey": "0x…", "balance": "1000000000000000000000" }],
 *     "allowedOrigins": ["https://app.example"], "allowedHosts": ["devbox.lan"] }
 * (`allowedOrigins` / `allowedHosts` are `--allow-origin` / `--allow-host`: a list, or "*".)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors.ts';
import { PROFILE_NAMES } from '../network/profiles.ts';
import { checkAllowedHost, normalizeOrigin, type AllowList } from '../rpc/accessPolicy.ts';

const port = z.number().int().min(0).max(65_535);
const chainId = z.number().int().min(1);
const ms = z.number().nonnegative();
/** `"*"` or a list whose entries `check` reads (a `"*"` entry opens the whole list), as `--allow-origin` / `--allow-host`. */
const allowList = (check: (entry: string) => string) =>
  z.union([z.literal('*'), z.array(z.string())]).transform((list, ctx): AllowList => {
    if (list === '*' || list.includes('*')) return '*';
    try {
      return list.map(check);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

/** The schema of a network config file. */
export const networkConfigFileSchema = z.strictObject({
  host: z.string().optional(),
  gateway: z.strictObject({ chainId, port }).optional(),
  /** the L1 (default: on): false = `up --no-l1`, true, or the L1's port (`--l1-port`) */
  l1: z.union([z.boolean(), z.strictObject({ port: port.optional() })]).optional(),
  /** `settlesOn: "l1"` (needs the L1): the chain settles on the L1 directly instead of on Gateway (SPEC §10) */
  chains: z.array(z.strictObject({ chainId, port, settlesOn: z.enum(['gateway', 'l1']).optional() })).min(1).optional(),
  routerPort: port.nullable().optional(),
  profile: z.enum(PROFILE_NAMES).optional(),
  manual: z.boolean().optional(),
  /** `up --no-autorelay` (false) / `--autorelay`: the network's relayer executes v31 bundles (default: on, off in manual mode) */
  autorelay: z.boolean().optional(),
  /** `up --allow-unprotected-txs` */
  allowUnprotectedTxs: z.boolean().optional(),
  delays: z
    .strictObject({
      batchTimeMs: ms.optional(),
      blockTimeMs: ms.optional(),
      commitMs: ms.optional(),
      proveMs: ms.optional(),
      executeMs: ms.optional(),
      watcherPollMs: ms.min(1).optional(),
      /** with `l1`: the L1's block time and Gateway's batch time and stage delays there (NetworkOptions.l1Delays) */
      l1: z.strictObject({ blockTimeMs: ms.optional(), batchTimeMs: ms.optional(), commitMs: ms.optional(), proveMs: ms.optional(), executeMs: ms.optional() }).optional(),
    })
    .optional(),
  accounts: z
    .array(z.strictObject({ privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex private key'), balance: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) }))
    .optional(),
  allowedOrigins: allowList(normalizeOrigin).optional(),
  allowedHosts: allowList(checkAllowedHost).optional(),
});

/** A parsed network config file. */
export type NetworkConfigFile = z.output<typeof networkConfigFileSchema>;

/**
 * Reads and checks a config file.
 * @throws InvalidArgumentError naming the file and the first problem
 */
export async function readNetworkConfigFile(file: string): Promise<NetworkConfigFile> {
  let raw: unknown;
  try {
    if (/\.(ts|mts)$/.test(file)) await loadTypeScriptSupport();
    if (/\.(ts|mts|js|mjs)$/.test(file)) raw = (await import(pathToFileURL(path.resolve(file)).href)).default;
    else raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError(`cannot read config file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = networkConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidArgumentError(`config file ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * In the prebuilt CLI (dist/cli.mjs, see scripts/buildCli.mjs) this module is plain JS and Node alone
 * cannot import a .ts file, so tsx's loader is registered first; from the sources, tsx already runs us.
 */
async function loadTypeScriptSupport(): Promise<void> {
  if (import.meta.url.endsWith('.ts')) return;
  const { register } = await import('tsx/esm/api');
  register();
}
