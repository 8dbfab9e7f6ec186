/**
 * Test support for cross-chain ERC-20 transfers through L2AssetRouter (0x…10003) and L2NativeTokenVault
 * (0x…10004): the v31 byte layouts computed in TypeScript from era-contracts 7cdd5474's rules (so tests
 * compare the contracts against them), and a `TokenCarrier` that plays InteropCenter (0x…1000d) on the
 * source and InteropHandler (0x…1000e) on the destination for one indirect call on an engine, so the
 * contract-level test (test/contracts/tokenTransfer.test.ts) checks the routers alone. On a started
 * network the real path runs instead (test/e2e/tokenTransfer.test.ts with test/support/bundles.ts).
 */
import { concat, encodeAbiParameters, encodeFunctionData, keccak256, numberToHex, toHex, type Address, type Hex } from 'viem';
import type { Engine, Receipt } from '../../src/chain/engine.ts';
import { L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, l2AssetRouterAbi } from '../../src/contracts/index.ts';
import { decodeFunctionResult } from 'viem';

export const INTEROP_CENTER: Address = '0x000000000000000000000000000000000001000d';
export const INTEROP_HANDLER: Address = '0x000000000000000000000000000000000001000E';
export const ETH_TOKEN: Address = '0x0000000000000000000000000000000000000001';

/** DataEncoding.encodeNTVAssetId: keccak256(abi.encode(originChainId, 0x…10004, token)). */
export function ntvAssetId(originChainId: number | bigint, token: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [BigInt(originChainId), L2_NATIVE_TOKEN_VAULT_ADDRESS, token]));
}

/** The vault's burn data: abi.encode(uint256 amount, address receiver, address token). */
export function burnData(amount: bigint, receiver: Address, token: Address): Hex {
  return encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [amount, receiver, token]);
}

/** What a sender puts in the router call of a bundle (the SDK's encodeSecondBridgeDataV1): 0x01 ‖ abi.encode(assetId, burnData). */
export function depositData(assetId: Hex, transferData: Hex): Hex {
  return concat(['0x01', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes' }], [assetId, transferData])]);
}

/** DataEncoding.encodeTokenData: 0x01 ‖ abi.encode(originChainId, abi.encode(name), abi.encode(symbol), abi.encode(uint8 decimals)). */
export function tokenData(originChainId: number, name: string, symbol: string, decimals: number): Hex {
  return concat([
    '0x01',
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'bytes' }, { type: 'bytes' }, { type: 'bytes' }],
      [
        BigInt(originChainId),
        encodeAbiParameters([{ type: 'string' }], [name]),
        encodeAbiParameters([{ type: 'string' }], [symbol]),
        encodeAbiParameters([{ type: 'uint8' }], [decimals]),
      ],
    ),
  ]);
}

/** DataEncoding.encodeBridgeMintData: abi.encode(originalCaller, receiver, originToken, amount, erc20Metadata). */
export function mintData(originalCaller: Address, receiver: Address, originToken: Address, amount: bigint, metadata: Hex): Hex {
  return encodeAbiParameters(
    [{ type: 'address' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'bytes' }],
    [originalCaller, receiver, originToken, amount, metadata],
  );
}

/** ERC-7930 v1 EVM address; `chainId` undefined = empty chain reference (InteroperableAddress.formatEvmV1). */
export function erc7930(chainId: number | undefined, address: Address): Hex {
  const ref = chainId === undefined ? '0x' : numberToHex(chainId);
  const refBytes = chainId === undefined ? '0x' : ((ref.length % 2 === 1 ? `0x0${ref.slice(2)}` : ref) as Hex);
  const refLength = (refBytes.length - 2) / 2;
  return concat(['0x00010000', toHex(refLength, { size: 1 }), refBytes, '0x14', address]);
}

/** The call InteropCenter carries in place of an indirect call (IL2CrossChainSender's answer). */
export type CallStarter = { to: Hex; data: Hex; callAttributes: readonly Hex[] };

/** One indirect call to the router, as a bundle would hold it. */
export type TokenSend = { sender: Address; destinationChainId: number; data: Hex; interopCallValue?: bigint };

/** Moves one router call from a source chain to a destination chain. */
export interface TokenCarrier {
  /** Source side: returns the call the bundle carries and the source receipt (escrow or burn happened). */
  send(source: Engine, send: TokenSend): Promise<{ starter: CallStarter; receipt: Receipt }>;
  /** Destination side: delivers `starter` (sent by the router on `sourceChainId`) to the destination's router. */
  deliver(destination: Engine, sourceChainId: number, starter: CallStarter): Promise<Receipt>;
}

/**
 * The carrier used until InteropCenter and InteropHandler are installed: calls the routers exactly as
 * those contracts do (initiateIndirectCall from 0x…1000d; receiveMessage from 0x…1000e with the
 * sender as `formatEvmV1(sourceChainId, router)`), sent as those addresses (engine impersonation).
 */
export const asInteropContracts: TokenCarrier = {
  async send(source, send) {
    const data = encodeFunctionData({
      abi: l2AssetRouterAbi,
      functionName: 'initiateIndirectCall',
      args: [BigInt(send.destinationChainId), send.sender, send.interopCallValue ?? 0n, send.data],
    });
    // the answer first (eth_call at the same state), then the same call for real
    const answer = await source.call({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data });
    const starter = decodeFunctionResult({ abi: l2AssetRouterAbi, functionName: 'initiateIndirectCall', data: answer }) as CallStarter;
    const receipt = await source.execute({ from: INTEROP_CENTER, to: L2_ASSET_ROUTER_ADDRESS, data });
    return { starter, receipt };
  },
  async deliver(destination, sourceChainId, starter) {
    return destination.execute({ from: INTEROP_HANDLER, to: L2_ASSET_ROUTER_ADDRESS, data: receiveMessageCall(sourceChainId, starter.data) });
  },
};

/** InteropHandler's delivery of `payload` sent by the router on `sourceChainId`. */
export function receiveMessageCall(sourceChainId: number, payload: Hex, sender: Address = L2_ASSET_ROUTER_ADDRESS): Hex {
  return encodeFunctionData({
    abi: l2AssetRouterAbi,
    functionName: 'receiveMessage',
    args: [keccak256(payload), erc7930(sourceChainId, sender), payload],
  });
}
