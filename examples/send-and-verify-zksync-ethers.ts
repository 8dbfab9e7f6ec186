/**
 * Example: send a message on chain 271 and verify it on chain 272 with zksync-ethers' InteropClient,
 * against a network this script starts in-process on free ports.
 *
 *   npx tsx examples/send-and-verify-zksync-ethers.ts
 */
import { InteropClient, Provider, Wallet } from 'zksync-ethers';
import { devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const [chainA, chainB] = network.chains;
  const source = new Provider(chainA!.rpcUrl);
  const target = new Provider(chainB!.rpcUrl);
  const gateway = new Provider(network.gateway.rpcUrl);
  const wallet = new Wallet(devAccounts()[0]!.privateKey, source);

  const interop = new InteropClient({ gateway: { env: 'local', gwProvider: gateway, gwChainId: 506n } });
  const { txHash } = await interop.sendMessage(wallet, 'hello from zksync-ethers');
  console.log(`sent ${txHash} on ${chainA!.chainId}`);

  // EXECUTED = the batch is settled on Gateway; the target imports Gateway's root moments later.
  const deadline = Date.now() + 60_000;
  while ((await interop.getMessageStatus(source, txHash)) !== 'EXECUTED') {
    if (Date.now() > deadline) throw new Error('the message was not executed within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let verified = false;
  while (!verified && Date.now() < deadline) {
    verified = (await interop.verifyMessage({ txHash, srcProvider: source, targetChain: target })).verified;
    if (!verified) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`verified on ${chainB!.chainId}: ${verified}`);
  process.exitCode = verified ? 0 : 1;
} finally {
  await network.stop();
}
