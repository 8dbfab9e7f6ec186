/**
 * Options and argument parsers the client commands (send, status, trace, proof, verify, wait) share.
 * Parsers throw commander's InvalidArgumentError, which the program turns into exit code 2.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { isAddress, type Address, type Hex } from 'viem';
import { WAIT_UNTIL, type WaitStage } from '../sdk/types.ts';
import { PROFILE_NAMES, type ProfileName } from '../wire/types.ts';

/** First ZKsync rich wallet: the default sender of transactions the commands make. */
export const DEFAULT_SENDER_KEY: Hex = '0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110';

/** Adds --chain, --rpc, --config and --json. */
export function addEndpointOptions(command: Command): Command {
  return command
    .option('--chain <id>', 'source chain id (default 271; with --rpc: asked from the node)', parseChainId)
    .option('--rpc <url>', "source chain's JSON-RPC URL (default: up's port for --chain)", parseUrl)
    .option('--config <file>', 'network description written by `zkinterop up --config-out` (endpoints of every chain)')
    .option('--json', 'print one JSON object (for scripts); no progress output', false);
}

/** Adds --timeout. */
export function addTimeoutOption(command: Command, what: string): Command {
  return command.option('--timeout <ms>', `give up waiting ${what} after this long`, parseMs, 60_000);
}

/** Parses a chain id (a positive whole number). */
export function parseChainId(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a chain id (a positive whole number), got "${value}"`);
  return n;
}

/** Parses a 32-byte transaction hash. */
/** Parses a TCP port (0 = a free one). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return n;
}

/** Parses a timing profile's name. */
export function parseProfile(value: string): ProfileName {
  if (!(PROFILE_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${PROFILE_NAMES.join(', ')}, got "${value}"`);
  return value as ProfileName;
}

export function parseTxHash(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError(`expected a transaction hash (0x and 64 hex digits), got "${value}"`);
  return value.toLowerCase() as Hex;
}

/** Parses 0x-hex bytes (even length). */
export function parseHexBytes(value: string): Hex {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(value)) throw new InvalidArgumentError(`expected 0x-hex bytes (an even number of hex digits), got "${value}"`);
  return value.toLowerCase() as Hex;
}

/** Parses a private key. */
export function parsePrivateKey(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError('expected a private key: 0x and 64 hex digits');
  return value as Hex;
}

/** Parses an address. */
export function parseAddress(value: string): Address {
  if (!isAddress(value, { strict: false })) throw new InvalidArgumentError(`expected an address (0x and 40 hex digits), got "${value}"`);
  return value as Address;
}

/** Parses an http(s) URL. */
export function parseUrl(value: string): string {
  if (!/^https?:\/\/\S+$/.test(value)) throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  return value;
}

/** Parses milliseconds (a number ≥ 0). */
export function parseMs(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected milliseconds ≥ 0, got "${value}"`);
  return n;
}

/** Parses a message index (a whole number ≥ 0). */
export function parseIndex(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a message index (a whole number ≥ 0), got "${value}"`);
  return n;
}

/** Parses a stage to wait for. */
export function parseWaitStage(value: string): WaitStage {
  const stages = WAIT_UNTIL as readonly string[];
  if (!stages.includes(value)) throw new InvalidArgumentError(`expected a stage: ${stages.join(', ')}; got "${value}"`);
  return value as WaitStage;
}
