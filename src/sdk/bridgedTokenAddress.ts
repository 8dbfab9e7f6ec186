/**
 * `bridgedTokenAddress`: where a token native to one chain lives on another, read from that chain's
 * native token vault (0x…10004, `tokenAddress(assetId)`); null until a first transfer deployed it.
 */
import { zeroAddress, type Address, type Client } from 'viem';
import { readContract } from 'viem/actions';
import { l2NativeTokenVaultAbi, L2_NATIVE_TOKEN_VAULT_ADDRESS } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors.ts';
import { ntvAssetId } from './internal/tokenData.ts';

export type BridgedTokenAddressParameters = {
  /** the chain the token is native to */
  originChainId: number;
  /** its address there */
  token: Address;
};

/**
 * Reads the address of a token's bridged copy on the client's chain.
 * @param client a viem client of the chain to look on
 * @returns the address, or null when the vault there knows no such token yet
 * @throws InvalidArgumentError for a malformed chain id
 * @example
 * const copy = await bridgedTokenAddress(destinationClient, { originChainId: 271, token });
 */
export async function bridgedTokenAddress(client: Client, parameters: BridgedTokenAddressParameters): Promise<Address | null> {
  const { originChainId, token } = parameters;
  if (!Number.isInteger(originChainId) || originChainId <= 0) throw new InvalidArgumentError(`originChainId must be a positive whole number, got ${originChainId}`);
  const address = await readContract(client, { address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'tokenAddress', args: [ntvAssetId(originChainId, token)] });
  return address === zeroAddress ? null : address;
}
