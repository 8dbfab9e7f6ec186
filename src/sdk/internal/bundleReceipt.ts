/**
 * The bundle a transaction sent, read out of its receipt as zksync-js 0.0.19 reads it: every
 * `L1MessageSent` of L1Messenger (0x…8008) before the first `InteropBundleSent` of InteropCenter
 * (0x…1000d) counts one L2→L1 message; the last of them carries the bundle (`0x01 ‖ abi.encode(bundle)`),
 * and its count is the message index `zks_getL2ToL1LogProof` takes.
 */
import { decodeEventLog, type Hex } from 'viem';
import { interopCenterAbi, INTEROP_CENTER_ADDRESS } from '../../contracts/index.ts';
import { bundleHash, decodeBundleMessage, type InteropBundle } from '../../protocol/bundle.ts';
import { BundleNotFoundError, NodeInconsistencyError, TransactionRevertedError } from '../errors.ts';
import { sentMessages, type ZkReceipt } from './receipt.ts';

/** A bundle as its source transaction sent it. */
export type SentBundle = {
  bundleHash: Hex;
  bundle: InteropBundle;
  /** abi.encode(bundle): what InteropHandler.executeBundle takes */
  encoded: Hex;
  /** the index of its L1 message among the transaction's messages */
  messageIndex: number;
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * @throws TransactionRevertedError (reverted), BundleNotFoundError (no InteropBundleSent),
 *   NodeInconsistencyError (the event and the message disagree)
 */
export function sentBundle(receipt: ZkReceipt, sourceChainId: number): SentBundle {
  if (BigInt(receipt.status) !== 1n) throw new TransactionRevertedError(receipt.transactionHash, `transaction ${receipt.transactionHash} reverted: it sent no bundle`);
  let messagesBefore = 0;
  for (const log of receipt.logs) {
    // Count messages as sentMessages does (L1Messenger's L1MessageSent only), up to this log.
    if (same(log.address, INTEROP_CENTER_ADDRESS)) {
      let event;
      try {
        event = decodeEventLog({ abi: interopCenterAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data });
      } catch {
        continue;
      }
      if (event.eventName !== 'InteropBundleSent') continue;
      const messages = sentMessages({ ...receipt, logs: receipt.logs.slice(0, receipt.logs.indexOf(log)) });
      messagesBefore = messages.length;
      const carrier = messages[messagesBefore - 1];
      if (!carrier || !same(carrier.sender, INTEROP_CENTER_ADDRESS)) {
        throw new NodeInconsistencyError(`receipt of ${receipt.transactionHash}: InteropBundleSent has no L1MessageSent of InteropCenter before it`);
      }
      const { bundle, encoded } = decodeBundleMessage(carrier.message);
      const hash = bundleHash(sourceChainId, encoded);
      if (hash !== event.args.interopBundleHash) {
        throw new NodeInconsistencyError(`receipt of ${receipt.transactionHash}: InteropBundleSent names bundle ${event.args.interopBundleHash}, but the message it sent hashes to ${hash}`);
      }
      return { bundleHash: hash, bundle, encoded, messageIndex: messagesBefore - 1 };
    }
  }
  throw new BundleNotFoundError(`transaction ${receipt.transactionHash} sent no interop bundle (no InteropBundleSent of InteropCenter ${INTEROP_CENTER_ADDRESS})`);
}
