/**
 * Example: "unlock on chain B" — an account acts on chain 271 and a contract on chain 272 grants it a
 * badge, trusting nothing but a proof. BadgeIssuer (contracts/examples/BadgeIssuer.sol) on 272 accepts
 * ERC-7786 calls only from InteropHandler and only from accounts on 271; the user sends it a one-call
 * bundle on 271, waits until the bundle is provable on 272 and executes it there with its proof.
 * Runs against a network this script starts in-process on free ports.
 *
 *   npx tsx examples/unlock-on-chain-b.ts
 */
import { createChainClients, executeBundle, sendBundle, waitForBundle } from 'zkinterop/sdk';
// The network itself (EDR, servers) and the example contract's bytecode come from the root entry.
import { contracts, devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const key = devAccounts()[0]!.privateKey;
  const a = await createChainClients({ rpcUrl: network.chains[0]!.rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: network.chains[1]!.rpcUrl, account: key });
  const user = a.walletClient!.account.address;

  // Chain B: the contract that unlocks a badge for accounts that acted on chain A (271).
  const deployHash = await b.walletClient!.deployContract({ abi: contracts.badgeIssuerAbi, bytecode: contracts.badgeIssuerBytecode, args: [BigInt(a.chainId)] });
  const { contractAddress: issuer } = await b.publicClient.waitForTransactionReceipt({ hash: deployHash });
  console.log(`BadgeIssuer on ${b.chainId}: ${issuer}`);

  // Chain A: the action, a bundle with one call to the issuer; its recipient learns the sender as 271:user.
  const sent = await sendBundle(a.walletClient!, { destinationChainId: b.chainId, calls: [{ to: issuer!, data: '0x' }] });
  console.log(`bundle ${sent.bundleHash} sent on ${a.chainId}`);

  const { proof } = await waitForBundle(a.publicClient, b.publicClient, { txHash: sent.txHash, until: 'provable', timeoutMs: 60_000 });
  const executed = await executeBundle(b.walletClient!, { proof: proof! });
  console.log(`executed on ${b.chainId}: ${executed.txHash}`);

  const badge = await b.publicClient.readContract({ address: issuer!, abi: contracts.badgeIssuerAbi, functionName: 'badges', args: [user] });
  console.log(`badge on ${b.chainId}: ${badge}`);
  process.exitCode = badge ? 0 : 1;
} finally {
  await network.stop();
}
