/**
 * The native token vault's byte layouts a token transfer needs (v31, era-contracts 7cdd5474
 * `DataEncoding`): the asset id of a token native to a chain, and what the sender puts in the indirect
 * call to L2AssetRouter (`0x01 ‖ abi.encode(assetId, abi.encode(amount, receiver, token))`, as zksync-js's
 * encodeSecondBridgeDataV1 builds it).
 */
import { concat, encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { L2_NATIVE_TOKEN_VAULT_ADDRESS } from '../../contracts/index.ts';

/** DataEncoding.encodeNTVAssetId: keccak256(abi.encode(originChainId, 0x…10004, token)). */
export function ntvAssetId(originChainId: number | bigint, token: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [BigInt(originChainId), L2_NATIVE_TOKEN_VAULT_ADDRESS, token]));
}

/** The router call's data: 0x01 ‖ abi.encode(assetId, abi.encode(amount, receiver, token)). */
export function tokenTransferData(assetId: Hex, amount: bigint, receiver: Address, token: Address): Hex {
  const burn = encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [amount, receiver, token]);
  return concat(['0x01', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes' }], [assetId, burn])]);
}
