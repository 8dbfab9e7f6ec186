/**
 * Fidelity of the zks_ answers to the real ZKsync server (SPEC §8; zksync-era core/lib/types/src/api/mod.rs):
 * the log proof's `root` is the chain batch root in every mode, a log index that does not exist is
 * `null`, a block of the open batch names the batch it will be in, and zks_getL1BatchDetails carries
 * the real server's fields with `rootHash` = the state root after the batch.
 *
 * The network runs without an L1 (`l1: false`), where the no-mode proof ends at the chain batch root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, encodeFunctionData, keccak256, type Hex } from 'viem';
import { chainSettlementAbi, chainSettlementAddress } from '../../src/contracts/index.ts';
import { startNetwork, type Network, type NetworkNode } from '../../src/network/network.ts';
import { sendMessage, type LogProof, type SentMessage } from '../support/interop.ts';
import { sealBatch, settleOpenBatch } from '../support/manual.ts';

let net: Network;
let chain: NetworkNode;
let sent: SentMessage;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], manual: true, l1: false });
  chain = net.node(271);
  sent = await sendMessage(chain, 'fidelity');
  await settleOpenBatch(chain);
});

afterAll(async () => {
  await net?.stop();
});

const proofOf = (index: number, mode?: string) =>
  chain.client.request<LogProof | null>('zks_getL2ToL1LogProof', mode ? [sent.txHash, index, mode] : [sent.txHash, index]);

describe('zks_getL2ToL1LogProof', () => {
  it('answers root = H(localLogsRoot ‖ aggregatedRoot) of the batch, the same in final and proof_based_gw mode', async () => {
    const batch = chain.node.batch(sent.batchNumber)!;
    const expected = keccak256(concat([batch.localLogsRoot!, batch.aggregatedRoot!]));
    expect((await proofOf(0))!.root).toBe(expected);
    expect((await proofOf(0, 'proof_based_gw'))!.root).toBe(expected);
  });

  it('answers null, not an error, for a log index the transaction does not have', async () => {
    expect(await proofOf(1)).toBeNull();
    expect(await proofOf(7, 'proof_based_gw')).toBeNull();
  });
});

describe('zks_getBlockDetails', () => {
  it('names the batch a block of the still-open batch will have, never null', async () => {
    const open = await sendMessage(chain, 'in the open batch');
    const receipt = await chain.client.request<{ blockNumber: Hex; l1BatchNumber: Hex | null }>('eth_getTransactionReceipt', [open.txHash]);
    const details = await chain.client.request<{ l1BatchNumber: number | null }>('zks_getBlockDetails', [Number(BigInt(receipt.blockNumber))]);
    expect(details.l1BatchNumber).toBe(sent.batchNumber + 1);
    expect(await sealBatch(chain)).toBe(sent.batchNumber + 1);
  });
});

describe('zks_getL1BatchDetails', () => {
  it("has the real server's fields, rootHash being the state root of the batch's last block", async () => {
    const details = await chain.client.request<Record<string, unknown>>('zks_getL1BatchDetails', [sent.batchNumber]);
    const [, last] = await chain.client.request<Hex[]>('zks_getL1BatchBlockRange', [sent.batchNumber]);
    const block = await chain.client.request<{ stateRoot: Hex }>('eth_getBlockByNumber', [last, false]);
    expect(details.rootHash).toBe(block.stateRoot);
    expect(Object.keys(details).sort()).toEqual(
      [
        'number', 'timestamp', 'l1TxCount', 'l2TxCount', 'rootHash', 'commitment', 'status',
        'commitTxHash', 'committedAt', 'commitTxFinality', 'commitChainId',
        'proveTxHash', 'provenAt', 'proveTxFinality', 'proveChainId',
        'executeTxHash', 'executedAt', 'executeTxFinality', 'executeChainId',
        'l1GasPrice', 'l2FairGasPrice', 'fairPubdataPrice', 'baseSystemContractsHashes',
        'precommitTxHash', 'precommittedAt', 'precommitChainId',
      ].sort(),
    );
    expect(details).toMatchObject({ precommitTxHash: null, precommittedAt: null, precommitChainId: null });
    expect(details).toMatchObject({ status: 'verified', commitChainId: 506, proveChainId: 506, executeChainId: 506 });
    expect(details).toMatchObject({ commitTxFinality: 'finalized', proveTxFinality: 'finalized', executeTxFinality: 'finalized' });
    expect(details.executedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('names as commitment the hash the settlement contract stored for the batch', async () => {
    const details = await chain.client.request<{ commitment: Hex }>('zks_getL1BatchDetails', [sent.batchNumber]);
    const data = encodeFunctionData({ abi: chainSettlementAbi, functionName: 'storedBatchHash', args: [BigInt(sent.batchNumber)] });
    const stored = await net.gateway.client.request<Hex>('eth_call', [{ to: chainSettlementAddress(271), data }, 'latest']);
    expect(details.commitment).toBe(stored);
  });
});
