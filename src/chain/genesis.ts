/**
 * Genesis of a chain's system contracts: places their runtime bytecode at the canonical addresses
 * (setCode — no constructor runs, there are no immutables) and performs the one-time calls the
 * bootloader makes: `MessageRoot.initialize()` on every chain and, on Gateway, one ChainSettlement
 * per settling chain (initialised with its operator) registered in MessageRoot. Beside the interop
 * contracts it places the views zksync-ethers reads (NonceHolder, ContractDeployer, L2BaseToken,
 * L2AssetRouter, L2NativeTokenVault with its L1 chain id written to storage) and Multicall3.
 */
import { encodeFunctionData, numberToHex, type Address } from 'viem';
import type { Engine } from './engine.ts';
import {
  BOOTLOADER_ADDRESS,
  CONTRACT_DEPLOYER_ADDRESS,
  L2_ASSET_ROUTER_ADDRESS,
  L2_BASE_TOKEN_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  MULTICALL3_ADDRESS,
  NONCE_HOLDER_ADDRESS,
  contractDeployerDeployedBytecode,
  l2AssetRouterDeployedBytecode,
  l2BaseTokenDeployedBytecode,
  l2NativeTokenVaultDeployedBytecode,
  multicall3DeployedBytecode,
  nonceHolderDeployedBytecode,
  L1_MESSENGER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  chainSettlementAbi,
  chainSettlementAddress,
  chainSettlementDeployedBytecode,
  l1MessengerDeployedBytecode,
  l2InteropRootStorageDeployedBytecode,
  l2MessageVerificationDeployedBytecode,
  messageRootAbi,
  messageRootDeployedBytecode,
} from '../contracts/index.ts';
import { assertArgument } from '../errors.ts';

/** A chain that settles on Gateway: its id and the only address allowed to commit, prove and execute its batches. */
export type SettlingChain = { chainId: number; operator: Address };

/** What genesis installs. */
export type SystemContractsOptions = {
  /** Gateway hosts the settlement contracts of `settlingChains`; other chains must leave it empty. */
  isGateway: boolean;
  /** Chains that settle on this Gateway, registered in MessageRoot in this order (indices 1, 2, …). */
  settlingChains?: readonly SettlingChain[];
  /** The chain id the native token vault names as L1 (what zks_L1ChainId reports); default: the engine's own. */
  l1ChainId?: number;
};

/** L2NativeTokenVault keeps L1_CHAIN_ID in its first storage slot (contracts/L2NativeTokenVault.sol). */
const NATIVE_TOKEN_VAULT_L1_CHAIN_ID_SLOT = '0x0';

/** The settlement contract genesis placed for one chain. */
export type InstalledSettlement = SettlingChain & { address: Address };

/**
 * Installs and initialises the system contracts on a fresh engine. Mines one block per bootloader call
 * (1 + 2 per settling chain); they all belong to batch 0.
 * @param engine a fresh engine (MessageRoot not yet initialised)
 * @returns the settlement contracts placed (empty on a non-Gateway chain)
 * @throws InvalidArgumentError for settling chains on a non-Gateway chain, a duplicate chain id, or the
 *   host chain's own id among them
 * @throws EngineRevertError if an initialisation call reverts (e.g. the engine was already set up)
 * @example await installSystemContracts(engine, { isGateway: true, settlingChains: [{ chainId: 271, operator }] })
 */
export async function installSystemContracts(engine: Engine, options: SystemContractsOptions): Promise<InstalledSettlement[]> {
  const settlingChains = options.settlingChains ?? [];
  assertArgument(options.isGateway || settlingChains.length === 0, 'only Gateway hosts settlement contracts; pass isGateway: true or no settlingChains');
  const ids = new Set(settlingChains.map((c) => c.chainId));
  assertArgument(ids.size === settlingChains.length, 'settling chain ids must be distinct');
  assertArgument(!ids.has(engine.chainId), `Gateway ${engine.chainId} cannot settle on itself`);

  await engine.setCode(L1_MESSENGER_ADDRESS, l1MessengerDeployedBytecode);
  await engine.setCode(MESSAGE_ROOT_ADDRESS, messageRootDeployedBytecode);
  await engine.setCode(L2_INTEROP_ROOT_STORAGE_ADDRESS, l2InteropRootStorageDeployedBytecode);
  await engine.setCode(L2_MESSAGE_VERIFICATION_ADDRESS, l2MessageVerificationDeployedBytecode);
  await installTokenViews(engine, options.l1ChainId ?? engine.chainId);
  await engine.execute({
    from: BOOTLOADER_ADDRESS,
    to: MESSAGE_ROOT_ADDRESS,
    data: encodeFunctionData({ abi: messageRootAbi, functionName: 'initialize' }),
  });

  const installed: InstalledSettlement[] = [];
  for (const chain of settlingChains) installed.push(await registerSettlingChain(engine, chain));
  return installed;
}

/**
 * Places and initialises the settlement contract of one more chain on Gateway and registers the chain
 * in MessageRoot (next shared-tree index). Mines two blocks.
 * @returns the settlement contract's address and the chain it serves
 * @throws InvalidArgumentError for a chain id that is not a positive safe integer
 * @throws EngineRevertError if the chain is already registered
 * @example const { address } = await registerSettlingChain(gateway, { chainId: 273, operator })
 */
export async function registerSettlingChain(engine: Engine, chain: SettlingChain): Promise<InstalledSettlement> {
  assertArgument(Number.isSafeInteger(chain.chainId) && chain.chainId > 0, `chain id must be a positive integer, got ${chain.chainId}`);
  const address = chainSettlementAddress(chain.chainId);
  await engine.setCode(address, chainSettlementDeployedBytecode);
  await engine.execute({
    from: BOOTLOADER_ADDRESS,
    to: address,
    data: encodeFunctionData({ abi: chainSettlementAbi, functionName: 'initialize', args: [BigInt(chain.chainId), chain.operator] }),
  });
  await engine.execute({
    from: BOOTLOADER_ADDRESS,
    to: MESSAGE_ROOT_ADDRESS,
    data: encodeFunctionData({ abi: messageRootAbi, functionName: 'registerChain', args: [BigInt(chain.chainId), address] }),
  });
  return { ...chain, address };
}

/**
 * Places the token, nonce and deployer views zksync-ethers reads, and Multicall3. No block is mined
 * (setCode and setStorageAt change state between blocks), so the genesis blocks stay as they were.
 */
async function installTokenViews(engine: Engine, l1ChainId: number): Promise<void> {
  await engine.setCode(NONCE_HOLDER_ADDRESS, nonceHolderDeployedBytecode);
  await engine.setCode(CONTRACT_DEPLOYER_ADDRESS, contractDeployerDeployedBytecode);
  await engine.setCode(L2_BASE_TOKEN_ADDRESS, l2BaseTokenDeployedBytecode);
  await engine.setCode(L2_ASSET_ROUTER_ADDRESS, l2AssetRouterDeployedBytecode);
  await engine.setCode(L2_NATIVE_TOKEN_VAULT_ADDRESS, l2NativeTokenVaultDeployedBytecode);
  await engine.setStorageAt(L2_NATIVE_TOKEN_VAULT_ADDRESS, NATIVE_TOKEN_VAULT_L1_CHAIN_ID_SLOT, numberToHex(l1ChainId));
  await engine.setCode(MULTICALL3_ADDRESS, multicall3DeployedBytecode);
}
