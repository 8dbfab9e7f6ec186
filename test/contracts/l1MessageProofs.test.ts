/**
 * Messages verified on L1 by Bridgehub.proveL2MessageInclusion (SPEC §10), on real EVMs with the
 * node's parts played by the test: chain 273 settles on L1 directly (a final proof to its batch root
 * there); chain 271 settles on Gateway 506, Gateway settles on L1 (a recursive proof: 271's log path,
 * its batch leaf in Gateway's chain tree, its chain leaf in Gateway's shared tree, and Gateway's local
 * logs root beside the shared root, ending at Gateway's batch root on L1 — as the real server's
 * `get_l1_batch_chain_merkle_path` builds it). Every single mutation of either proof must fail, and
 * the TS twin (src/protocol/verifyOnL1.ts), reading the same L1, must say what Bridgehub says: the
 * same true/false, or a revert with the same error name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeErrorResult, decodeEventLog, getAddress, type Address, type Hex } from 'viem';
import { EngineRevertError, type Engine } from '../../src/chain/engine.ts';
import {
  BRIDGEHUB_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  bridgehubAbi,
  chainSettlementAbi,
  interopSendMessageAbi,
  interopSendMessageDeployedBytecode,
  l1MessengerAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';
import { LocalLogsTree, MessageRootModel, ProofRevertError, buildFinalProof, buildGatewayProof, chainBatchRoot, messageLog, proveL2MessageInclusionOnL1, type L1SettlementReader, type L2Message } from '../../src/protocol/index.ts';
import { createL1Chain, settleBatch } from '../support/l1Chain.ts';
import { equivalentRewrites, rejectedMutations, type ProofKind } from '../support/proofMutations.ts';
import { TEST_ACCOUNT, calldata, createSystemChain, readContract } from '../support/systemChain.ts';
import type { MessageClaim } from '../support/verifierOutcome.ts';

const GATEWAY = 506;
const OPERATOR: Address = TEST_ACCOUNT.address;
const SENDER_CONTRACT: Address = getAddress('0x00000000000000000000000000000000005e0d00');
const OTHERS = { chainIds: [271n, 273n, BigInt(GATEWAY)], batchNumbers: [1n] };
const errorsAbi = [...bridgehubAbi, ...chainSettlementAbi];

/** Sends `messages` from the example sender contract on `engine`; returns them as the batch's logs tree sees them. */
async function sendMessages(engine: Engine, messages: Hex[]): Promise<{ tree: LocalLogsTree; sent: L2Message[]; aggregatedRoot: Hex }> {
  await engine.setCode(SENDER_CONTRACT, interopSendMessageDeployedBytecode);
  const sent: L2Message[] = [];
  for (const [txNumberInBatch, data] of messages.entries()) {
    const receipt = await engine.execute({ from: OPERATOR, to: SENDER_CONTRACT, data: calldata(interopSendMessageAbi, 'sendMessage', [data]) });
    const event = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L1MessageSent', data: receipt.logs[1]!.data, topics: receipt.logs[1]!.topics });
    sent.push({ txNumberInBatch, sender: event.args.sender, data: event.args.message });
  }
  const tree = LocalLogsTree.fromLogs(sent.map((m) => messageLog(m.sender, m.data, m.txNumberInBatch)));
  const aggregatedRoot = await readContract(engine, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'getAggregatedRoot' });
  return { tree, sent, aggregatedRoot };
}

/** What Bridgehub on L1 says about a claim: 'true', 'false' or the name of the revert. */
async function l1Outcome(l1: Engine, claim: MessageClaim): Promise<string> {
  try {
    const result = await readContract(l1, {
      address: BRIDGEHUB_ADDRESS,
      abi: bridgehubAbi,
      functionName: 'proveL2MessageInclusion',
      args: [claim.chainId, claim.batchNumber, claim.index, claim.message, claim.proof],
    });
    return String(result);
  } catch (error) {
    if (!(error instanceof EngineRevertError)) throw error;
    if (error.data === '0x') return 'revert without data';
    const { errorName, args } = decodeErrorResult({ abi: errorsAbi, data: error.data }) as { errorName: string; args?: readonly unknown[] };
    return errorName === 'Panic' || errorName === 'Error' ? `${errorName}(${String(args?.[0])})` : errorName;
  }
}

/** The TS twin's reader of `l1`: Bridgehub and the ZK chain contracts' getters, by eth_call. */
function l1Reader(l1: Engine): L1SettlementReader {
  const zkChain = (chainId: bigint) => readContract(l1, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'getZKChain', args: [chainId] });
  return {
    isRegistered: async (chainId) => BigInt(await zkChain(chainId)) !== 0n,
    isSettlementLayer: (chainId) => readContract(l1, { address: BRIDGEHUB_ADDRESS, abi: bridgehubAbi, functionName: 'whitelistedSettlementLayers', args: [chainId] }),
    totalBatchesExecuted: async (chainId) => readContract(l1, { address: await zkChain(chainId), abi: chainSettlementAbi, functionName: 'getTotalBatchesExecuted' }),
    l2LogsRootHash: async (chainId, batchNumber) => readContract(l1, { address: await zkChain(chainId), abi: chainSettlementAbi, functionName: 'l2LogsRootHash', args: [batchNumber] }),
  };
}

/** What the TS twin says about a claim, in l1Outcome's terms. */
async function twinOutcome(l1: Engine, claim: MessageClaim): Promise<string> {
  try {
    return String(await proveL2MessageInclusionOnL1(claim, l1Reader(l1)));
  } catch (error) {
    if (error instanceof ProofRevertError) return error.reason;
    throw error;
  }
}

describe('proving messages on L1 through Bridgehub', () => {
  let l1: Engine;
  let finalClaim: MessageClaim;
  let recursiveClaim: MessageClaim;

  beforeAll(async () => {
    ({ engine: l1 } = await createL1Chain({
      settlingChains: [{ chainId: GATEWAY, operator: OPERATOR }, { chainId: 273, operator: OPERATOR }],
      settlementLayers: [GATEWAY],
      chainsOnSettlementLayers: [{ chainId: 271, operator: OPERATOR, settlementLayer: GATEWAY }],
    }));

    // chain 273 settles its batch 1 (two messages) on L1 directly
    const { engine: chain273 } = await createSystemChain({ chainId: 273 });
    const on273 = await sendMessages(chain273, ['0x6f6e65', '0x74776f']);
    await settleBatch(l1, 273, 1n, on273.tree.chainBatchRoot(on273.aggregatedRoot));
    finalClaim = { chainId: 273n, batchNumber: 1n, index: 1n, message: on273.sent[1]!, proof: buildFinalProof(on273.tree.pathToChainBatchRoot(1, on273.aggregatedRoot)) };

    // chain 271 settles its batch 1 on Gateway; Gateway's batch 1 (holding that execute) settles on L1
    const { engine: chain271 } = await createSystemChain({ chainId: 271 });
    const { engine: gateway } = await createSystemChain({ chainId: GATEWAY, settlingChains: [{ chainId: 271, operator: OPERATOR }] });
    const on271 = await sendMessages(chain271, ['0x68656c6c6f', '0x696e7465726f70', '0x4c31']);
    const root271 = on271.tree.chainBatchRoot(on271.aggregatedRoot);
    const executed = await settleBatch(gateway, 271, 1n, root271);
    const model = new MessageRootModel(GATEWAY);
    model.registerChain(271);
    model.addChainBatchRoot(271, 1, root271, Number(executed.blockNumber));
    const inclusion = model.batchInclusion(271, 1);
    const gatewaySharedRoot = await readContract(gateway, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'getAggregatedRoot' });
    expect(inclusion.interopRoot).toBe(gatewaySharedRoot);
    // Gateway's batch sent no L2→L1 logs of its own: its local logs root is the empty tree's
    const gatewayLocalRoot = LocalLogsTree.fromLogs([]).root;
    await settleBatch(l1, GATEWAY, 1n, chainBatchRoot(gatewayLocalRoot, gatewaySharedRoot));

    // the shared tree is the right half of Gateway's batch root: one more level, the local root on its left
    const proof = buildGatewayProof({
      logLeafPath: on271.tree.pathToChainBatchRoot(2, on271.aggregatedRoot),
      gatewayChainId: GATEWAY,
      batchLeafProofMask: inclusion.batchLeafProofMask,
      batchLeafPath: inclusion.batchLeafPath,
      gatewayBlockNumber: 1, // Gateway's batch number on L1
      sharedTreeMask: inclusion.sharedTreeMask | (1n << BigInt(inclusion.sharedTreePath.length)),
      sharedTreePath: [...inclusion.sharedTreePath, gatewayLocalRoot],
    });
    recursiveClaim = { chainId: 271n, batchNumber: 1n, index: 2n, message: on271.sent[2]!, proof };
  });

  it('accepts a final proof of a chain settling on L1 against its batch root there', async () => {
    expect(await l1Outcome(l1, finalClaim)).toBe('true');
  });

  it("accepts a recursive proof of a chain settling on Gateway against Gateway's batch root on L1", async () => {
    expect(await l1Outcome(l1, recursiveClaim)).toBe('true');
  });

  it('proveL2LogInclusion accepts the same message as its L1Messenger log', async () => {
    const log = messageLog(recursiveClaim.message.sender, recursiveClaim.message.data, recursiveClaim.message.txNumberInBatch);
    const result = await readContract(l1, {
      address: BRIDGEHUB_ADDRESS,
      abi: bridgehubAbi,
      functionName: 'proveL2LogInclusion',
      args: [271n, 1n, 2n, { l2ShardId: log.l2ShardId, isService: log.isService, txNumberInBatch: log.txNumberInBatch, sender: log.sender, key: log.key, value: log.value }, recursiveClaim.proof],
    });
    expect(result).toBe(true);
  });

  it('a final proof cannot stand in for the recursive one: L1 holds no batch root of chain 271', async () => {
    const finalFor271 = { ...recursiveClaim, proof: buildFinalProof(recursiveClaim.proof.slice(1, 16)) };
    expect(await l1Outcome(l1, finalFor271)).toBe('BatchNotExecuted');
  });

  it.each<[string, ProofKind, () => MessageClaim]>([
    ['final', 'final', () => finalClaim],
    ['recursive', 'gateway', () => recursiveClaim],
  ])('every single mutation of the %s proof or its claim is rejected', async (_name, kind, claimOf) => {
    const variants = rejectedMutations(claimOf(), kind, 7, OTHERS);
    expect(variants.length).toBeGreaterThan(50);
    const outcomes = await Promise.all(variants.map((v) => l1Outcome(l1, v.claim)));
    const accepted = variants.filter((_, i) => outcomes[i] === 'true').map((v) => v.name);
    expect(accepted).toEqual([]);
  });

  it.each<[string, ProofKind, () => MessageClaim]>([
    ['final', 'final', () => finalClaim],
    ['recursive', 'gateway', () => recursiveClaim],
  ])('the documented equivalent rewrites of the %s proof verify like it', async (_name, kind, claimOf) => {
    const variants = equivalentRewrites(claimOf(), kind, 7);
    const outcomes = await Promise.all(variants.map((v) => l1Outcome(l1, v.claim)));
    expect(Object.fromEntries(variants.map((v, i) => [v.name, outcomes[i]]))).toEqual(Object.fromEntries(variants.map((v) => [v.name, 'true'])));
  });

  it.each<[string, ProofKind, () => MessageClaim]>([
    ['final', 'final', () => finalClaim],
    ['recursive', 'gateway', () => recursiveClaim],
  ])('the TS twin agrees with Bridgehub on the valid %s proof and on every mutation of it', async (_name, kind, claimOf) => {
    const variants = [{ name: 'valid', claim: claimOf() }, ...[7, 23].flatMap((salt) => rejectedMutations(claimOf(), kind, salt, OTHERS)), ...equivalentRewrites(claimOf(), kind, 7)];
    const contract = await Promise.all(variants.map((v) => l1Outcome(l1, v.claim)));
    const twin = await Promise.all(variants.map((v) => twinOutcome(l1, v.claim)));
    expect(contract[0]).toBe('true');
    expect(Object.fromEntries(variants.map((v, i) => [v.name, twin[i]]))).toEqual(Object.fromEntries(variants.map((v, i) => [v.name, contract[i]])));
  });

  it('the TS twin refuses a chain L1 does not know, as Bridgehub does', async () => {
    const claim = { ...finalClaim, chainId: 999n };
    expect([await twinOutcome(l1, claim), await l1Outcome(l1, claim)]).toEqual(['ChainNotRegistered', 'ChainNotRegistered']);
  });
});
