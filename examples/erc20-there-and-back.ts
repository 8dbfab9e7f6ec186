/**
 * Example: an ERC-20 from chain 271 to chain 272 and part of it back, on the v31 token path. On 271 the
 * token is native: `transferToken` escrows it in the native token vault and sends a bundle of one
 * indirect call to L2AssetRouter; the network's relayer executes the bundle on 272, whose vault deploys
 * the bridged copy and mints it. The way back burns the bridged copy on 272 and releases the escrow on 271.
 * Runs against a network this script starts in-process on free ports.
 *
 *   npx tsx examples/erc20-there-and-back.ts
 */
import { erc20Abi, parseUnits, type Address } from 'viem';
import { bridgedTokenAddress, createChainClients, transferToken, waitForBundle } from 'zkinterop/sdk';
// The network itself (EDR, servers) and the example token's bytecode come from the root entry.
import { contracts, devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const key = devAccounts()[0]!.privateKey;
  const a = await createChainClients({ rpcUrl: network.chains[0]!.rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: network.chains[1]!.rpcUrl, account: key });
  const user = a.walletClient!.account.address;
  const balance = (client: typeof a, token: Address) => client.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [user] });

  // Chain A: a token of our own, all 1,000 of it held by the user.
  const deployHash = await a.walletClient!.deployContract({ abi: contracts.testTokenAbi, bytecode: contracts.testTokenBytecode, args: ['Example', 'EXM', 18, parseUnits('1000', 18)] });
  const { contractAddress: token } = await a.publicClient.waitForTransactionReceipt({ hash: deployHash });
  console.log(`EXM on ${a.chainId}: ${token}`);

  // There: 100 EXM to the same account on chain B; the relayer executes the bundle there.
  const there = await transferToken(a.walletClient!, { token: token!, amount: parseUnits('100', 18), to: user, destinationChainId: b.chainId });
  console.log(`bundle ${there.bundleHash} sent on ${a.chainId}`);
  await waitForBundle(a.publicClient, b.publicClient, { txHash: there.txHash, until: 'executed', timeoutMs: 60_000 });
  const bridged = await bridgedTokenAddress(b.publicClient, { originChainId: a.chainId, token: token! });
  console.log(`bridged EXM on ${b.chainId}: ${bridged}, balance ${await balance(b, bridged!)}`);

  // And back: 40 of the bridged copy, burnt on B, released from the escrow on A.
  const back = await transferToken(b.walletClient!, { token: bridged!, amount: parseUnits('40', 18), to: user, destinationChainId: a.chainId });
  console.log(`bundle ${back.bundleHash} sent on ${b.chainId}`);
  await waitForBundle(b.publicClient, a.publicClient, { txHash: back.txHash, until: 'executed', timeoutMs: 60_000 });

  const onA = await balance(a, token!);
  const onB = await balance(b, bridged!);
  console.log(`balances: ${onA} on ${a.chainId}, ${onB} on ${b.chainId}`);
  const ok = onA === parseUnits('940', 18) && onB === parseUnits('60', 18);
  console.log(`there and back: ${ok}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await network.stop();
}
