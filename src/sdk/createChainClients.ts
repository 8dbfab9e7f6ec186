/**
 * `createChainClients`: viem public and wallet clients for one chain of a zkinterop network, with the
 * chain defined from the node's own `eth_chainId`, and polling tuned for a fast local network.
 */
import { createPublicClient, createWalletClient, defineChain, http, type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { InvalidArgumentError, ZkInteropError } from '../errors.ts';

export type CreateChainClientsParameters = {
  /** the chain's JSON-RPC endpoint, e.g. http://127.0.0.1:3050 */
  rpcUrl: string;
  /** the wallet's account, as a viem Account or a private key; without it there is no wallet client */
  account?: Account | Hex;
  /** viem's polling interval (ms, default 50) */
  pollingIntervalMs?: number;
};

export type CreateChainClientsReturnType = {
  chainId: number;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** present when an account was given */
  walletClient?: WalletClient<Transport, Chain, Account>;
};

/**
 * Connects to a chain: asks its id and builds viem clients for it.
 * @throws InvalidArgumentError for a malformed URL or private key; ZkInteropError NODE_UNREACHABLE
 *   when the node does not answer
 * @example
 * const a = await createChainClients({ rpcUrl: 'http://127.0.0.1:3050', account: privateKey });
 * await sendMessage(a.walletClient!, { message: 'hi' });
 */
export async function createChainClients(parameters: CreateChainClientsParameters): Promise<CreateChainClientsReturnType> {
  const { rpcUrl } = parameters;
  if (!/^https?:\/\/\S+$/.test(rpcUrl)) throw new InvalidArgumentError(`expected an http(s) URL for the RPC endpoint, got "${rpcUrl}"`);
  const pollingInterval = parameters.pollingIntervalMs ?? 50;
  const transport = http(rpcUrl, { retryCount: 0 });
  let chainId: number;
  try {
    chainId = await createPublicClient({ transport }).getChainId();
  } catch (cause) {
    throw new ZkInteropError('NODE_UNREACHABLE', `cannot reach a node at ${rpcUrl}; is the network running (zkinterop up)?`, { cause });
  }
  const chain = defineChain({
    id: chainId,
    name: `zkinterop ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const account = typeof parameters.account === 'string' ? accountOfKey(parameters.account) : parameters.account;
  const walletClient = account ? createWalletClient({ chain, transport, account, pollingInterval }) : undefined;
  return { chainId, chain, publicClient, walletClient };
}

function accountOfKey(key: Hex): Account {
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new InvalidArgumentError('a private key is 0x followed by 64 hex digits');
  return privateKeyToAccount(key);
}
