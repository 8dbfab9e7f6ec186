/**
 * Genesis of a chain's system contracts: places their runtime bytecode at the canonical addresses
 * (setCode — no constructor runs, there are no immutables) and performs the one-time calls the
 * bootloader makes: `MessageRoot.initialize()` on every chain and, on Gateway, one ChainSettlement
 * per settling chain (initialised with its operator) registered in MessageRoot and in Gateway's own
 * Bridgehub (as real Gateway's L2 Bridgehub knows the chains migrated to it, with its chain type
 * manager beside it). Beside the interop
 * contracts it places the views zksync-ethers reads (NonceHolder, ContractDeployer, L2BaseToken,
 * L2AssetRouter, L2NativeTokenVault and the L2 Bridgehub's base-token views, both with their L1 chain
 * id written to storage) and Multicall3. `installL1Contracts` is L1's genesis (SPEC §10): Bridgehub,
 * ChainTypeManager, L1AssetRouter, L1Nullifier, L1NativeTokenVault, L1's own MessageRoot and a ZK
 * chain contract (ChainSettlement) per chain, registered in Bridgehub.
 * Every L2 (Gateway included) also gets protocol v31's bundle contracts (SPEC §11): InteropCenter and
 * InteropHandler with their L1 chain id and "settles on the L1 directly" flag in storage (the flag
 * stands for v31's SystemContext settlement-layer check: a chain on the L1 cannot send or verify
 * bundles), L2BaseTokenHolder funded with 2^128 wei (the reserve that call value arriving by interop
 * is paid from), and the network's chains marked in the L2 Bridgehub so `baseTokenAssetId` answers
 * for each of them.
 */
import { encodeFunctionData, numberToHex, type Address } from 'viem';
import type { Engine } from './engine.ts';
import { markInteropChain } from './interopDestinations.ts';
import {
  BOOTLOADER_ADDRESS,
  BRIDGEHUB_ADDRESS,
  CHAIN_TYPE_MANAGER_ADDRESS,
  L1_ASSET_ROUTER_ADDRESS,
  L1_NATIVE_TOKEN_VAULT_ADDRESS,
  L1_NULLIFIER_ADDRESS,
  bridgehubAbi,
  bridgehubDeployedBytecode,
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L2_BASE_TOKEN_HOLDER_ADDRESS,
  interopCenterDeployedBytecode,
  interopHandlerDeployedBytecode,
  l2BaseTokenHolderDeployedBytecode,
  chainTypeManagerDeployedBytecode,
  l1AssetRouterDeployedBytecode,
  l1NativeTokenVaultDeployedBytecode,
  l1NullifierDeployedBytecode,
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
  /** The chain settles on the L1 directly (`settlesOn: 'l1'`): it can neither send nor verify bundles (NotInGatewayMode). */
  settlesOnL1?: boolean;
  /** The network's chains that bundles may go to (the L2 Bridgehub's `baseTokenAssetId` answers for them); default none besides itself. */
  interopChains?: readonly number[];
};

/** L2NativeTokenVault keeps L1_CHAIN_ID in its first storage slot (contracts/L2NativeTokenVault.sol). */
const NATIVE_TOKEN_VAULT_L1_CHAIN_ID_SLOT = '0x0';
/** Bridgehub keeps L1_CHAIN_ID in its first storage slot too (contracts/Bridgehub.sol). */
const BRIDGEHUB_L1_CHAIN_ID_SLOT = '0x0';
/** …and its admin, who may register chains, in the second (contracts/Bridgehub.sol). */
const BRIDGEHUB_ADMIN_SLOT = '0x1';

/** InteropCenter and InteropHandler keep L1_CHAIN_ID in slot 0 and the "settles on the L1" flag in slot 1 (contracts/interop/). */
const INTEROP_L1_CHAIN_ID_SLOT = '0x0';
const INTEROP_SETTLES_ON_L1_SLOT = '0x1';
/**
 * L2BaseTokenHolder's genesis balance: 2^128 wei, more than any amount of ETH that can exist here, so
 * value arriving by interop never runs out (era-contracts 976079466's BaseTokenHolder starts at 2^127 - 1).
 */
export const BASE_TOKEN_HOLDER_GENESIS_BALANCE = 1n << 128n;

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
  // Gateway settles on the L1 (or is the top layer): like a chain on the L1, it takes part in no bundle.
  await installBundleContracts(engine, options.l1ChainId ?? engine.chainId, options.isGateway || options.settlesOnL1 === true, options.interopChains ?? []);
  if (options.isGateway) await installGatewayRegistry(engine);
  await engine.execute({
    from: BOOTLOADER_ADDRESS,
    to: MESSAGE_ROOT_ADDRESS,
    data: encodeFunctionData({ abi: messageRootAbi, functionName: 'initialize' }),
  });

  const installed: InstalledSettlement[] = [];
  for (const chain of settlingChains) installed.push(await registerGatewayChain(engine, chain));
  return installed;
}

/**
 * Gateway's side of a chain settling on it: its settlement contract and MessageRoot entry
 * (registerSettlingChain), then its entry in Gateway's own Bridgehub, so `getZKChain(chainId)` there
 * names that contract (real Gateway's L2 Bridgehub registers a chain when it migrates to Gateway).
 * Mines three blocks.
 * @throws InvalidArgumentError for a chain id that is not a positive safe integer
 * @throws EngineRevertError if the chain is already registered
 * @example await registerGatewayChain(gateway, { chainId: 273, operator })
 */
export async function registerGatewayChain(engine: Engine, chain: SettlingChain): Promise<InstalledSettlement> {
  const installed = await registerSettlingChain(engine, chain);
  await asBootloader(engine, BRIDGEHUB_ADDRESS, encodeFunctionData({ abi: bridgehubAbi, functionName: 'registerChain', args: [BigInt(chain.chainId), installed.address] }));
  return installed;
}

/**
 * Makes Gateway's Bridgehub a registry (the bootloader as its admin, as on the L1) and places the chain
 * type manager its registered chains name (`chainTypeManager(chainId)`) at the same fixed address as on
 * the L1. No block is mined.
 */
async function installGatewayRegistry(engine: Engine): Promise<void> {
  await engine.setStorageAt(BRIDGEHUB_ADDRESS, BRIDGEHUB_ADMIN_SLOT, padAddress(BOOTLOADER_ADDRESS));
  await engine.setCode(CHAIN_TYPE_MANAGER_ADDRESS, chainTypeManagerDeployedBytecode);
}

function padAddress(address: Address): `0x${string}` {
  return `0x${address.slice(2).toLowerCase().padStart(64, '0')}`;
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
  // The L2 Bridgehub: `baseToken(this chain)` for zksync-ethers' Wallet.getBaseToken(); on Gateway it
  // also registers the chains settling there (installGatewayRegistry, registerGatewayChain).
  await engine.setCode(BRIDGEHUB_ADDRESS, bridgehubDeployedBytecode);
  await engine.setStorageAt(BRIDGEHUB_ADDRESS, BRIDGEHUB_L1_CHAIN_ID_SLOT, numberToHex(l1ChainId));
  await engine.setCode(MULTICALL3_ADDRESS, multicall3DeployedBytecode);
}

/**
 * Places protocol v31's bundle contracts (InteropCenter, InteropHandler, the funded L2BaseTokenHolder)
 * and marks `interopChains` in the L2 Bridgehub. No block is mined.
 */
async function installBundleContracts(engine: Engine, l1ChainId: number, settlesOnL1: boolean, interopChains: readonly number[]): Promise<void> {
  for (const [address, code] of [
    [INTEROP_CENTER_ADDRESS, interopCenterDeployedBytecode],
    [INTEROP_HANDLER_ADDRESS, interopHandlerDeployedBytecode],
  ] as const) {
    await engine.setCode(address, code);
    await engine.setStorageAt(address, INTEROP_L1_CHAIN_ID_SLOT, numberToHex(l1ChainId));
    if (settlesOnL1) await engine.setStorageAt(address, INTEROP_SETTLES_ON_L1_SLOT, numberToHex(1));
  }
  await engine.setCode(L2_BASE_TOKEN_HOLDER_ADDRESS, l2BaseTokenHolderDeployedBytecode);
  await engine.setBalance(L2_BASE_TOKEN_HOLDER_ADDRESS, BASE_TOKEN_HOLDER_GENESIS_BALANCE);
  for (const chainId of interopChains) await markInteropChain(engine, chainId);
}

/**
 * A chain that settles on a settlement layer (Gateway) rather than on L1. As on a real network it keeps
 * a ZK chain contract on L1, registered in Bridgehub, that never settles a batch there: it verifies the
 * chain's recursive proofs, which end at the settlement layer's batch root on L1.
 */
export type ChainOnSettlementLayer = SettlingChain & { settlementLayer: number };

/** What L1's genesis installs. */
export type L1ContractsOptions = {
  /**
   * Chains that settle on L1 (Gateway, and chains settling on L1 directly): each gets a ZK chain contract
   * registered in Bridgehub and in L1's MessageRoot (shared-tree indices 1, 2, … in this order).
   */
  settlingChains: readonly SettlingChain[];
  /** Ids among `settlingChains` that Bridgehub trusts as settlement layers (Gateway); default none. */
  settlementLayers?: readonly number[];
  /** Chains settling on one of `settlementLayers`; default none. */
  chainsOnSettlementLayers?: readonly ChainOnSettlementLayer[];
};

/** The ZK chain contracts L1's genesis placed. */
export type InstalledL1Contracts = {
  /** One per chain settling on L1, in `settlingChains` order. */
  settling: InstalledSettlement[];
  /** One per chain settling on a settlement layer, in `chainsOnSettlementLayers` order. */
  onSettlementLayers: InstalledSettlement[];
};

/**
 * L1's genesis (SPEC §10): places Bridgehub (0x…10002), ChainTypeManager, L1AssetRouter, L1Nullifier and
 * L1NativeTokenVault (zkinterop's own fixed L1 addresses, src/protocol/constants.ts), L1's own
 * MessageRoot and Multicall3; initialises MessageRoot (L1 at index 0) and Bridgehub (L1 chain id = the
 * engine's, the bootloader as admin, L1AssetRouter as its asset router); then registers every chain.
 * Mines blocks for the bootloader calls.
 * @param engine a fresh engine for L1
 * @returns the ZK chain contracts placed
 * @throws InvalidArgumentError for duplicate chain ids, L1's own id among them, a settlement layer that
 *   does not settle on L1, or a chain naming a settlement layer not in `settlementLayers`
 * @throws EngineRevertError if an initialisation call reverts (e.g. the engine was already set up)
 * @example await installL1Contracts(l1, { settlingChains: [{ chainId: 506, operator }], settlementLayers: [506],
 *   chainsOnSettlementLayers: [{ chainId: 271, operator, settlementLayer: 506 }] })
 */
export async function installL1Contracts(engine: Engine, options: L1ContractsOptions): Promise<InstalledL1Contracts> {
  const settlementLayers = options.settlementLayers ?? [];
  const viaLayers = options.chainsOnSettlementLayers ?? [];
  const ids = new Set([...options.settlingChains, ...viaLayers].map((c) => c.chainId));
  assertArgument(ids.size === options.settlingChains.length + viaLayers.length, 'chain ids on L1 must be distinct');
  assertArgument(!ids.has(engine.chainId), `L1 ${engine.chainId} cannot settle on itself`);
  const settlingIds = new Set(options.settlingChains.map((c) => c.chainId));
  for (const layer of settlementLayers) assertArgument(settlingIds.has(layer), `settlement layer ${layer} must itself settle on L1 (list it in settlingChains)`);
  for (const chain of viaLayers) {
    assertArgument(settlementLayers.includes(chain.settlementLayer), `chain ${chain.chainId} settles on ${chain.settlementLayer}, which is not among settlementLayers`);
  }

  await engine.setCode(MESSAGE_ROOT_ADDRESS, messageRootDeployedBytecode);
  await engine.setCode(BRIDGEHUB_ADDRESS, bridgehubDeployedBytecode);
  await engine.setCode(CHAIN_TYPE_MANAGER_ADDRESS, chainTypeManagerDeployedBytecode);
  await engine.setCode(L1_ASSET_ROUTER_ADDRESS, l1AssetRouterDeployedBytecode);
  await engine.setCode(L1_NULLIFIER_ADDRESS, l1NullifierDeployedBytecode);
  await engine.setCode(L1_NATIVE_TOKEN_VAULT_ADDRESS, l1NativeTokenVaultDeployedBytecode);
  await engine.setCode(MULTICALL3_ADDRESS, multicall3DeployedBytecode);
  await asBootloader(engine, MESSAGE_ROOT_ADDRESS, encodeFunctionData({ abi: messageRootAbi, functionName: 'initialize' }));
  await asBootloader(
    engine,
    BRIDGEHUB_ADDRESS,
    encodeFunctionData({ abi: bridgehubAbi, functionName: 'initialize', args: [BigInt(engine.chainId), BOOTLOADER_ADDRESS, L1_ASSET_ROUTER_ADDRESS] }),
  );

  const settling: InstalledSettlement[] = [];
  for (const chain of options.settlingChains) settling.push(await registerL1Chain(engine, chain));
  for (const layer of settlementLayers) {
    await asBootloader(engine, BRIDGEHUB_ADDRESS, encodeFunctionData({ abi: bridgehubAbi, functionName: 'registerSettlementLayer', args: [BigInt(layer), true] }));
  }
  const onSettlementLayers: InstalledSettlement[] = [];
  for (const chain of viaLayers) onSettlementLayers.push(await registerL1Chain(engine, chain));
  return { settling, onSettlementLayers };
}

/**
 * Places one more chain's ZK chain contract on L1 and registers it in Bridgehub: a chain settling on L1
 * is also registered in L1's MessageRoot; a chain on a settlement layer (`settlementLayer` given, a layer
 * Bridgehub already trusts) gets a contract that names its layer's and never settles. Mines 3 blocks (4 for a chain
 * on a settlement layer).
 * @throws InvalidArgumentError for a chain id that is not a positive safe integer
 * @throws EngineRevertError if the chain is already registered
 * @example await registerL1Chain(l1, { chainId: 273, operator, settlementLayer: 506 })
 */
export async function registerL1Chain(engine: Engine, chain: SettlingChain & { settlementLayer?: number }): Promise<InstalledSettlement> {
  let installed: InstalledSettlement;
  if (chain.settlementLayer === undefined) {
    installed = await registerSettlingChain(engine, chain);
  } else {
    assertArgument(Number.isSafeInteger(chain.chainId) && chain.chainId > 0, `chain id must be a positive integer, got ${chain.chainId}`);
    const address = chainSettlementAddress(chain.chainId);
    await engine.setCode(address, chainSettlementDeployedBytecode);
    await asBootloader(engine, address, encodeFunctionData({ abi: chainSettlementAbi, functionName: 'initialize', args: [BigInt(chain.chainId), chain.operator] }));
    await asBootloader(
      engine,
      address,
      encodeFunctionData({ abi: chainSettlementAbi, functionName: 'setSettlementLayer', args: [chainSettlementAddress(chain.settlementLayer)] }),
    );
    installed = { chainId: chain.chainId, operator: chain.operator, address };
  }
  await asBootloader(
    engine,
    BRIDGEHUB_ADDRESS,
    encodeFunctionData({ abi: bridgehubAbi, functionName: 'registerChain', args: [BigInt(chain.chainId), installed.address] }),
  );
  return installed;
}

function asBootloader(engine: Engine, to: Address, data: `0x${string}`) {
  return engine.execute({ from: BOOTLOADER_ADDRESS, to, data });
}
