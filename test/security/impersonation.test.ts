/**
 * Regression tests of the impersonation attacks found against a default `zkinterop up` (issue 10):
 * 1. `eth_sendTransaction` as the bootloader into `L2InteropRootStorage.addInteropRoot` stored a forged
 *    root, a made-up message then verified, and the chain's settlement halted at its next execute.
 * 2. Gateway listed the chains' operators in `eth_accounts` and signed for them: a made-up batch was
 *    committed, proved and executed, and a forged message verified everywhere.
 * Both now fail to land over real JSON-RPC; the forged message does not verify; settlement keeps going.
 * A positive control shows the forged proof is a valid one: it verifies where the root is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, getAddress, keccak256, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { post } from '../support/httpRpc.ts';
import {
  BOOTLOADER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  chainSettlementAbi,
  chainSettlementAddress,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
} from '../../src/contracts/index.ts';
import { LocalLogsTree } from '../../src/protocol/localLogsTree.ts';
import { messageLog } from '../../src/protocol/l2ToL1Log.ts';
import { emptyAggregatedRoot } from '../../src/protocol/messageRoot.ts';
import { buildFinalProof } from '../../src/protocol/proof.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { createSystemChain } from '../support/systemChain.ts';
import { RICH_ADDRESS, claimOf, proveOn, sendMessage, waitInteropRoot, waitSettled } from '../support/interop.ts';

const GATEWAY = 506;
/** A batch of chain 271 that never existed, and a message nobody sent in it. */
const FORGED_BATCH = 999_999n;
const FORGED_SENDER: Address = '0x00000000000000000000000000000000deadbeef';
const FORGED_TEXT = toHex('271 says: pay the bearer 1,000,000 tokens');

/** The forged message's chain batch root and a final proof to it: what an attacker stores and presents. */
function forgedClaim() {
  const aggregatedRoot = emptyAggregatedRoot(271);
  const tree = LocalLogsTree.fromLogs([messageLog(FORGED_SENDER, FORGED_TEXT, 0)]);
  return {
    root: tree.chainBatchRoot(aggregatedRoot),
    proof: buildFinalProof(tree.pathToChainBatchRoot(0, aggregatedRoot)),
  };
}

const verifyForgedCall = () => ({
  to: L2_MESSAGE_VERIFICATION_ADDRESS,
  data: encodeFunctionData({
    abi: l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [271n, FORGED_BATCH, 0n, { txNumberInBatch: 0, sender: FORGED_SENDER, data: FORGED_TEXT }, forgedClaim().proof],
  }),
});

const addForgedRootData = () =>
  encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'addInteropRoot', args: [271n, FORGED_BATCH, [forgedClaim().root]] });

let net: Network;
const backgroundErrors: unknown[] = [];

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: GATEWAY, port: 0 },
    chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }],
    onError: (_source, error) => backgroundErrors.push(error),
  });
});

afterAll(async () => {
  await net?.stop();
});

describe('the forged proof (positive control)', () => {
  it('verifies on a chain where the bootloader stored its root', async () => {
    const { engine } = await createSystemChain({ chainId: 272 });
    try {
      await engine.execute({ from: BOOTLOADER_ADDRESS, to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: addForgedRootData() });
      const answer = await engine.call(verifyForgedCall());
      expect(decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data: answer })).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe('attack 1: eth_sendTransaction as the bootloader', () => {
  it('is refused with PROTECTED_ACCOUNT and stores no root', async () => {
    const target = net.node(272);
    const answer = await post(target.rpcUrl, 'eth_sendTransaction', [{ from: BOOTLOADER_ADDRESS, to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: addForgedRootData() }]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
    expect(answer.error!.message).toContain('system address');
    const stored = await post<Hex>(target.rpcUrl, 'eth_call', [
      { to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [271n, FORGED_BATCH] }) },
      'latest',
    ]);
    expect(BigInt(stored.result!)).toBe(0n);
  });

  it('leaves the forged message unverifiable', async () => {
    const answer = await post<Hex>(net.node(272).rpcUrl, 'eth_call', [verifyForgedCall(), 'latest']);
    expect(decodeFunctionResult({ abi: l2MessageVerificationAbi, functionName: 'proveL2MessageInclusionShared', data: answer.result! })).toBe(false);
  });

  it('is refused for every system contract and settlement contract as sender', async () => {
    for (const from of ['0x0000000000000000000000000000000000008008', '0x0000000000000000000000000000000000010005', chainSettlementAddress(271)]) {
      const answer = await post(net.node(271).rpcUrl, 'eth_sendTransaction', [{ from, to: RICH_ADDRESS, value: '0x1' }]);
      expect(answer.error, from).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
    }
  });

  it('eth_sign, personal_sign and eth_signTypedData_v4 refuse the bootloader', async () => {
    const url = net.node(271).rpcUrl;
    const typedData = { types: { EIP712Domain: [{ name: 'name', type: 'string' }] }, primaryType: 'EIP712Domain', domain: { name: 'x' }, message: {} };
    for (const [method, params] of [
      ['eth_sign', [BOOTLOADER_ADDRESS, '0x00']],
      ['personal_sign', ['0x00', BOOTLOADER_ADDRESS]],
      ['eth_signTypedData_v4', [BOOTLOADER_ADDRESS, typedData]],
    ] as const) {
      expect((await post(url, method, [...params])).error, method).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
    }
  });
});

describe('attack 2: acting as an operator on Gateway', () => {
  const operatorOf = async (chainId: number): Promise<Address> => {
    const answer = await post<Hex>(net.gateway.rpcUrl, 'eth_call', [
      { to: chainSettlementAddress(chainId), data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'operator' }) },
      'latest',
    ]);
    return decodeFunctionResult({ abi: chainSettlementAbi, functionName: 'operator', data: answer.result! });
  };

  it("Gateway's eth_accounts lists the dev accounts and no operator", async () => {
    const accounts = (await post<Address[]>(net.gateway.rpcUrl, 'eth_accounts', [])).result!;
    expect(accounts).toEqual(devAccounts().map((a) => getAddress(a.address)));
    for (const chainId of [271, 272]) expect(accounts.map((a) => a.toLowerCase())).not.toContain((await operatorOf(chainId)).toLowerCase());
  });

  it('a made-up commit sent as the operator is refused and nothing is committed', async () => {
    const operator = await operatorOf(271);
    const committedBefore = await settlementView(271, 'totalBatchesCommitted');
    const commit = encodeFunctionData({
      abi: chainSettlementAbi,
      functionName: 'commit',
      args: [committedBefore + 1n, forgedClaim().root, keccak256('0x01'), keccak256('0x02')],
    });
    const answer = await post(net.gateway.rpcUrl, 'eth_sendTransaction', [{ from: operator, to: chainSettlementAddress(271), data: commit }]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
    expect(answer.error!.message).toContain('operator of chain 271');
  });

  it('eth_sign for an operator is refused', async () => {
    const answer = await post(net.gateway.rpcUrl, 'eth_sign', [await operatorOf(272), '0x00']);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'PROTECTED_ACCOUNT' } });
  });

  it('the operator key is not the one derivable from the chain id (it is secret)', async () => {
    const derivable = privateKeyToAccount(keccak256(toHex('zkinterop:operator:271'))).address;
    expect((await operatorOf(271)).toLowerCase()).not.toBe(derivable.toLowerCase());
  });
});

describe('after the attacks', () => {
  it('a genuine message from 271 still settles and verifies on 272', async () => {
    const sent = await sendMessage(net.node(271), 'sent after the impersonation attempts');
    const settled = await waitSettled(net.node(271), net.gateway, sent);
    await waitInteropRoot(net.node(272), GATEWAY, settled.gatewayBlock);
    expect(await proveOn(net.node(272), claimOf(271, settled))).toBe(true);
    expect(net.node(271).node.settlementHalted).toBeFalsy();
    expect(backgroundErrors).toEqual([]);
  });

  it('eth_sendTransaction from an account the node holds no key for is refused as unknown', async () => {
    const answer = await post(net.node(271).rpcUrl, 'eth_sendTransaction', [{ from: '0x1234567890123456789012345678901234567890', to: RICH_ADDRESS }]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'UNKNOWN_ACCOUNT' } });
  });

  it('eth_sendTransaction without a from is refused with what to pass', async () => {
    const answer = await post(net.node(271).rpcUrl, 'eth_sendTransaction', [{ to: RICH_ADDRESS }]);
    expect(answer.error).toMatchObject({ code: -32000, data: { code: 'UNKNOWN_ACCOUNT' } });
    expect(answer.error!.message).toContain('eth_accounts');
  });
});

/** A view of a chain's settlement contract on Gateway. */
async function settlementView(chainId: number, functionName: 'totalBatchesCommitted'): Promise<bigint> {
  const answer = await post<Hex>(net.gateway.rpcUrl, 'eth_call', [{ to: chainSettlementAddress(chainId), data: encodeFunctionData({ abi: chainSettlementAbi, functionName }) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName, data: answer.result! }) as bigint;
}
