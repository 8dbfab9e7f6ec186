/**
 * A forged interop root: written into chain 271 past its watcher (the bootloader imports whatever it is
 * handed), it becomes a dependency root of 271's next batch, and Gateway refuses that batch at execute
 * because the root is not in its MessageRoot history. The chain's settlement halts with the contract's
 * error, nothing of that batch ever becomes provable, and the rest of the network carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeFunctionData, keccak256, toHex, type Hex } from 'viem';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { SettlementHaltedError } from '../../src/chain/settlementLoop.ts';
import { MESSAGE_ROOT_ADDRESS, chainSettlementAbi, chainSettlementAddress, messageRootAbi } from '../../src/contracts/index.ts';
import { claimOf, interopRootOn, proveOn, sendMessage, waitInteropRoot, waitSettled, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';

const GATEWAY = 506;
const FORGED_ROOT: Hex = keccak256(toHex('a root Gateway never published'));

type BatchDetails = { number: number; status: string; commitTxHash: Hex | null; proveTxHash: Hex | null; executeTxHash: Hex | null };

let net: Network;
let victim: NetworkNode;
let other: NetworkNode;
const backgroundErrors: { source: string; error: unknown }[] = [];
let forgedBlock: number;
let forgedMessage: SentMessage;

/** A view of 271's settlement contract on Gateway. */
async function settlementView(functionName: 'totalBatchesCommitted' | 'totalBatchesProved' | 'totalBatchesExecuted'): Promise<bigint> {
  const data = await net.gateway.client.request<Hex>('eth_call', [{ to: chainSettlementAddress(271), data: encodeFunctionData({ abi: chainSettlementAbi, functionName }) }, 'latest']);
  return decodeFunctionResult({ abi: chainSettlementAbi, functionName, data }) as bigint;
}

beforeAll(async () => {
  net = await startNetwork({
    gateway: { chainId: GATEWAY, port: 0 },
    chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }],
    onError: (source, error) => backgroundErrors.push({ source, error }),
  });
  victim = net.node(271);
  other = net.node(272);
  // A Gateway block that exists but published no interop root: nothing will ever be stored for it.
  forgedBlock = Number(BigInt(await net.gateway.client.request<Hex>('eth_blockNumber')));
  victim.node.importInteropRoots([{ chainId: GATEWAY, blockNumber: forgedBlock, root: FORGED_ROOT }]);
  // A user transaction, so the batch holding the forged import seals and goes to Gateway.
  forgedMessage = await sendMessage(victim, 'sent in the batch that imported a forged root');
  await pollUntil(() => victim.node.settlementHalted, { what: "chain 271's settlement to halt" });
});

afterAll(async () => {
  await net?.stop();
});

describe('a forged interop root on chain 271', () => {
  it('is stored by L2InteropRootStorage, because the bootloader imports whatever it is handed', async () => {
    const historical = decodeFunctionResult({
      abi: messageRootAbi,
      functionName: 'historicalRoot',
      data: await net.gateway.client.request<Hex>('eth_call', [{ to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [BigInt(forgedBlock)] }) }, 'latest']),
    });
    expect(BigInt(historical)).toBe(0n);
    expect(await interopRootOn(victim, GATEWAY, forgedBlock)).toBe(FORGED_ROOT);
  });

  it('becomes a dependency root of the batch that carries the next user transaction', () => {
    const batch = victim.node.batch(forgedMessage.batchNumber)!;
    expect(batch.dependencyRoots).toContainEqual({ chainId: GATEWAY, blockNumber: forgedBlock, root: FORGED_ROOT });
  });

  it("halts the chain's settlement at execute with an error naming DependencyRootNotInGatewayHistory and the forged root", () => {
    const halted = victim.node.settlementHalted!;
    expect(halted).toBeInstanceOf(SettlementHaltedError);
    expect(halted.code).toBe('SETTLEMENT_HALTED');
    expect(halted.message).toContain(`batch ${forgedMessage.batchNumber} was rejected by Gateway at execute`);
    expect(halted.message).toContain(`DependencyRootNotInGatewayHistory(0, ${forgedBlock}, ${FORGED_ROOT}, 0x${'00'.repeat(32)})`);
    expect(backgroundErrors).toContainEqual({ source: 'chain 271', error: halted });
  });

  it("marks the batch failed: committed and proved on Gateway, never executed, executeTxHash null in zks_getL1BatchDetails", async () => {
    const batch = victim.node.batch(forgedMessage.batchNumber)!;
    expect(batch.stage).toBe('failed');
    expect(batch.error).toBe(victim.node.settlementHalted!.message);
    const details = await victim.client.request<BatchDetails>('zks_getL1BatchDetails', [forgedMessage.batchNumber]);
    expect(details.commitTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.proveTxHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(details.executeTxHash).toBeNull();
    expect(details.status).not.toBe('verified');
    expect(await settlementView('totalBatchesProved')).toBe(BigInt(forgedMessage.batchNumber));
    expect(await settlementView('totalBatchesExecuted')).toBe(BigInt(forgedMessage.batchNumber - 1));
  });

  it('leaves the message of that batch unprovable in both proof modes, and its transaction not verified', async () => {
    expect(await victim.client.request('zks_getL2ToL1LogProof', [forgedMessage.txHash, 0, 'proof_based_gw'])).toBeNull();
    expect(await victim.client.request('zks_getL2ToL1LogProof', [forgedMessage.txHash])).toBeNull();
    const details = await victim.client.request<{ status: string; ethExecuteTxHash: Hex | null }>('zks_getTransactionDetails', [forgedMessage.txHash]);
    expect(details.status).toBe('included');
    expect(details.ethExecuteTxHash).toBeNull();
  });

  it('still includes later transactions on 271, but their batches are never committed', async () => {
    const later = await sendMessage(victim, 'sent after the halt');
    expect(later.batchNumber).toBeGreaterThan(forgedMessage.batchNumber);
    const details = await pollUntil(() => victim.client.request<BatchDetails | null>('zks_getL1BatchDetails', [later.batchNumber]), { what: `batch ${later.batchNumber} of 271 to seal` });
    expect(details.commitTxHash).toBeNull();
    expect(victim.node.batch(later.batchNumber)!.stage).toBe('sealed');
    expect(await settlementView('totalBatchesCommitted')).toBe(BigInt(forgedMessage.batchNumber));
  });
});

describe('the rest of the network after 271 halted', () => {
  it('settles a message from 272 that verifies on 271, whose watcher still imports Gateway roots', async () => {
    const settled = await waitSettled(other, net.gateway, await sendMessage(other, 'from 272 while 271 is halted'));
    expect(settled.gatewayBlock).toBeGreaterThan(forgedBlock);
    await waitInteropRoot(victim, GATEWAY, settled.gatewayBlock);
    expect(await proveOn(victim, claimOf(272, settled))).toBe(true);
  });

  it("keeps 271's message unprovable after later Gateway blocks executed other chains' batches", async () => {
    const settled = await waitSettled(other, net.gateway, await sendMessage(other, 'another from 272'));
    await waitInteropRoot(victim, GATEWAY, settled.gatewayBlock);
    expect(await victim.client.request('zks_getL2ToL1LogProof', [forgedMessage.txHash, 0, 'proof_based_gw'])).toBeNull();
    expect(victim.node.batch(forgedMessage.batchNumber)!.stage).toBe('failed');
  });
});
