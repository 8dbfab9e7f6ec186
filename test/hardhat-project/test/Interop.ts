// An interop message end to end from a Hardhat test: sent through L1Messenger on chain A (this
// network), verified on chain B by a contract deployed there, with the proof from zks_ methods.
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { expect } from "chai";
import type { HttpNetworkConfig } from "hardhat/types";
import { config, ethers, network } from "hardhat";

const GATEWAY_CHAIN_ID = 506n;
const L1_MESSENGER = "0x0000000000000000000000000000000000008008";
const L2_INTEROP_ROOT_STORAGE = "0x0000000000000000000000000000000000010008";
const L2_MESSAGE_VERIFICATION = "0x0000000000000000000000000000000000010009";
const messengerAbi = ["function sendToL1(bytes message) returns (bytes32)"];
const rootStorageAbi = ["function interopRoots(uint256 chainId, uint256 blockOrBatchNumber) view returns (bytes32)"];
const verificationAbi = [
  "function proveL2MessageInclusionShared(uint256 chainId, uint256 batchNumber, uint256 index, (uint16 txNumberInBatch, address sender, bytes data) message, bytes32[] proof) view returns (bool)",
];

type LogProof = { id: number; proof: string[]; root: string; batchNumber: number };

/** Polls until `read` answers something other than null/undefined (the test runner's timeout bounds it). */
async function until<T>(read: () => Promise<T | null | undefined>): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function provider(name: "zkinteropB" | "gateway") {
  return new ethers.JsonRpcProvider((config.networks[name] as HttpNetworkConfig).url, undefined, { staticNetwork: true });
}

/** Sends a message on chain A and waits until chain B holds the Gateway root that proves it. */
async function sendAndSettleFixture() {
  const [sender] = await ethers.getSigners();
  const chainB = provider("zkinteropB");
  const gateway = provider("gateway");
  const data = ethers.hexlify(ethers.toUtf8Bytes("hello from hardhat on 271"));
  const messenger = await ethers.getContractAt(messengerAbi, L1_MESSENGER);
  const tx = await messenger.sendToL1(data);
  await tx.wait();
  const receipt = await network.provider.send("eth_getTransactionReceipt", [tx.hash]);
  const proof = await until<LogProof>(() => network.provider.send("zks_getL2ToL1LogProof", [tx.hash, 0, "proof_based_gw"]));
  const batch = await network.provider.send("zks_getL1BatchDetails", [proof.batchNumber]);
  const executeReceipt = await until(() => gateway.getTransactionReceipt(batch.executeTxHash));
  const rootStorage = new ethers.Contract(L2_INTEROP_ROOT_STORAGE, rootStorageAbi, chainB);
  await until(async () => ((await rootStorage.interopRoots(GATEWAY_CHAIN_ID, executeReceipt.blockNumber)) === ethers.ZeroHash ? undefined : true));
  const walletB = await chainB.getSigner(0); // the first of chain B's node accounts
  const receiver = await ethers.deployContract("InteropReceiver", walletB);
  await receiver.waitForDeployment();
  const message = { txNumberInBatch: Number(receipt.l1BatchTxIndex), sender: sender.address, data };
  const args = [271n, BigInt(proof.batchNumber), BigInt(proof.id), message, proof.proof] as const;
  return { chainB, receiver, message, args };
}

describe("interop from Hardhat", function () {
  it("proves on chain B, with proveL2MessageInclusionShared, a message sent on chain A", async function () {
    const { chainB, args } = await loadFixture(sendAndSettleFixture);
    const verification = new ethers.Contract(L2_MESSAGE_VERIFICATION, verificationAbi, chainB);
    expect(await verification.proveL2MessageInclusionShared(...args)).to.equal(true);
  });

  it("acts on the proven message in a contract deployed on chain B", async function () {
    const { receiver, message, args } = await loadFixture(sendAndSettleFixture);
    await expect(receiver.receiveMessage(...args)).to.emit(receiver, "Received").withArgs(271n, message.sender, message.data);
  });

  it("refuses a message that was not sent (revertedWith)", async function () {
    const { receiver, message, args } = await loadFixture(sendAndSettleFixture);
    const forged = { ...message, data: ethers.hexlify(ethers.toUtf8Bytes("hello from someone else")) };
    await expect(receiver.receiveMessage(args[0], args[1], args[2], forged, args[4])).to.be.revertedWith("message not proven");
  });
});
