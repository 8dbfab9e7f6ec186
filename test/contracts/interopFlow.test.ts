/**
 * The whole message path on three real EVMs, contracts only (the node's parts played by the test):
 * InteropSendMessage on chain 271 → batch 1 settled on Gateway 506 through ChainSettlement →
 * Gateway's interop root imported on chain 272 → InteropVerification proves the message there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEventLog, getAddress, type Address, type Hex } from 'viem';
import type { Engine } from '../../src/chain/engine.ts';
import {
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  chainSettlementAbi,
  chainSettlementAddress,
  interopSendMessageAbi,
  interopSendMessageDeployedBytecode,
  interopVerificationAbi,
  interopVerificationDeployedBytecode,
  l1MessengerAbi,
  l2InteropRootStorageAbi,
  l2MessageVerificationAbi,
  messageRootAbi,
} from '../../src/contracts/index.ts';
import { LocalLogsTree, MessageRootModel, buildGatewayProof, messageLog } from '../../src/protocol/index.ts';
import { TEST_ACCOUNT, asBootloader, calldata, createSystemChain, readContract } from '../support/systemChain.ts';

const SENDER_CONTRACT: Address = getAddress('0x00000000000000000000000000000000005e0d00');
const VERIFIER_CONTRACT: Address = '0x00000000000000000000000000000000000fe1f0';
const MESSAGE: Hex = '0x696e7465726f702068656c6c6f';
const ZERO: Hex = `0x${'00'.repeat(32)}`;

describe('interop message flow through the contracts', () => {
  let chainB: Engine;
  let proof: Hex[];
  const message = { txNumberInBatch: 0, sender: SENDER_CONTRACT, data: MESSAGE };

  beforeAll(async () => {
    const { engine: chainA } = await createSystemChain({ chainId: 271 });
    const { engine: gateway } = await createSystemChain({ chainId: 506, settlingChains: [{ chainId: 271, operator: TEST_ACCOUNT.address }] });
    ({ engine: chainB } = await createSystemChain({ chainId: 272 }));

    // chain A: a contract sends the message; the event is the record the node builds the log from
    await chainA.setCode(SENDER_CONTRACT, interopSendMessageDeployedBytecode);
    const sent = await chainA.execute({ from: TEST_ACCOUNT.address, to: SENDER_CONTRACT, data: calldata(interopSendMessageAbi, 'sendMessage', [MESSAGE]) });
    // logs[0] is its L2ToL1LogSent, logs[1] the L1MessageSent with the bytes
    const event = decodeEventLog({ abi: l1MessengerAbi, eventName: 'L1MessageSent', data: sent.logs[1]!.data, topics: sent.logs[1]!.topics });
    expect(sent.logs[1]!.address).toBe(L1_MESSENGER_ADDRESS);
    expect(event.args.sender).toBe(SENDER_CONTRACT);

    // chain A's batch 1 holds that one log; the sequencer knows it is transaction 0 of the batch
    const aggregatedRoot = await readContract(chainA, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'getAggregatedRoot' });
    const tree = LocalLogsTree.fromLogs([messageLog(event.args.sender, event.args.message, 0)]);
    const chainBatchRoot = tree.chainBatchRoot(aggregatedRoot);

    // Gateway: the operator settles batch 1
    const settlementAddress = chainSettlementAddress(271);
    const operatorCall = (data: Hex) => gateway.execute({ from: TEST_ACCOUNT.address, to: settlementAddress, data });
    await operatorCall(calldata(chainSettlementAbi, 'commit', [1n, chainBatchRoot, ZERO, ZERO]));
    await operatorCall(calldata(chainSettlementAbi, 'prove', [1n]));
    const executed = await operatorCall(calldata(chainSettlementAbi, 'execute', [1n, []]));
    const interopRoot = await readContract(gateway, { address: MESSAGE_ROOT_ADDRESS, abi: messageRootAbi, functionName: 'historicalRoot', args: [executed.blockNumber] });

    // the Gateway part of the proof, from the TS model of MessageRoot
    const model = new MessageRootModel(506);
    model.registerChain(271);
    model.addChainBatchRoot(271, 1, chainBatchRoot, Number(executed.blockNumber));
    const inclusion = model.batchInclusion(271, 1);
    expect(inclusion.interopRoot).toBe(interopRoot);
    proof = buildGatewayProof({ logLeafPath: tree.pathToChainBatchRoot(0, aggregatedRoot), gatewayChainId: 506, ...inclusion });

    // chain B: the watcher's import, then the verifier example contract
    await asBootloader(chainB, L2_INTEROP_ROOT_STORAGE_ADDRESS, calldata(l2InteropRootStorageAbi, 'addInteropRoot', [506n, executed.blockNumber, [interopRoot]]));
    await chainB.setCode(VERIFIER_CONTRACT, interopVerificationDeployedBytecode);
  });

  it('InteropVerification.checkVerification proves the message on chain 272', async () => {
    const result = await readContract(chainB, { address: VERIFIER_CONTRACT, abi: interopVerificationAbi, functionName: 'checkVerification', args: [271n, 1n, 0n, message, proof] });
    expect(result).toBe(true);
  });

  it('InteropVerification.checkVerification is false for a message that was not sent', async () => {
    const forged = { ...message, data: '0x696e7465726f702068656c6c70' as Hex };
    const result = await readContract(chainB, { address: VERIFIER_CONTRACT, abi: interopVerificationAbi, functionName: 'checkVerification', args: [271n, 1n, 0n, forged, proof] });
    expect(result).toBe(false);
  });

  it('InteropVerification.verifyAndRecord records the proven message and emits MessageVerified', async () => {
    const receipt = await chainB.execute({
      from: TEST_ACCOUNT.address,
      to: VERIFIER_CONTRACT,
      data: calldata(interopVerificationAbi, 'verifyAndRecord', [271n, 1n, 0n, message, proof]),
    });
    const event = decodeEventLog({ abi: interopVerificationAbi, data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics });
    expect(event.eventName).toBe('MessageVerified');
    const args = event.args as { messageId: Hex; included: boolean };
    expect(args.included).toBe(true);
    expect(await readContract(chainB, { address: VERIFIER_CONTRACT, abi: interopVerificationAbi, functionName: 'verifiedMessages', args: [args.messageId] })).toBe(true);
  });

  it('proveL2MessageInclusionShared with the Gateway proof costs less than 100,000 gas', async () => {
    const gas = BigInt(
      await chainB.request<Hex>('eth_estimateGas', [
        { to: L2_MESSAGE_VERIFICATION_ADDRESS, data: calldata(l2MessageVerificationAbi, 'proveL2MessageInclusionShared', [271n, 1n, 0n, message, proof]) },
      ]),
    );
    expect(gas).toBeLessThan(100_000n);
  });
});
