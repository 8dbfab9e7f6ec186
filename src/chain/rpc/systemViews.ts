/**
 * The system views the EVM cannot answer and the node answers over JSON-RPC instead: NonceHolder's
 * (0x…8003) `getMinNonce(address)` and `getDeploymentNonce(address)`, which zksync-ethers reads
 * (`Wallet.getDeploymentNonce`). EVM code has no way to read another account's nonce, so the contract
 * at 0x…8003 reverts with `NonceAnsweredByNode()` when a contract calls it, and an `eth_call` to it
 * from outside is answered here from the account's nonce at the block asked for.
 *
 * Why the account nonce: on this EVM one counter per account is both its transaction nonce and the
 * nonce its next CREATE derives the new address from (an EOA's tx nonce, as ZKsync's EVM emulator uses
 * for EVM deployments from EOAs; a contract's account nonce, which starts at 1). So
 * `getCreateAddress({ from, nonce: getDeploymentNonce(from) })` is where `from`'s next deployment lands.
 * The alternative, the node writing every account's nonce into the contract's storage after each
 * block, would cost a storage write per sender per block and a journal entry each; this costs nothing
 * until asked.
 */
import { decodeFunctionData, encodeAbiParameters, type Address, type Hex } from 'viem';
import { NONCE_HOLDER_ADDRESS, nonceHolderAbi } from '../../contracts/index.ts';
import type { EngineReader } from '../chainNode.ts';

/** Selectors answered here: `getMinNonce(address)`, `getDeploymentNonce(address)`. */
const ANSWERED = new Set(['0x896909dc', '0xfb1a9a57']);

/**
 * The answer to an `eth_call` that reads a nonce view of NonceHolder, or undefined for any other call
 * (which then runs on the EVM as usual).
 * @param engineBlock the block as the engine takes it (a tag, a hex number or an EIP-1898 object)
 * @example await answerSystemView(engine, { to: '0x…8003', data: '0xfb1a9a57…' }, 'latest') // '0x…05'
 */
export async function answerSystemView(engine: EngineReader, request: { to?: Address | null; data?: Hex; input?: Hex }, engineBlock: unknown): Promise<Hex | undefined> {
  if (!request.to || request.to.toLowerCase() !== NONCE_HOLDER_ADDRESS) return undefined;
  const data = request.data ?? request.input;
  if (!data || !ANSWERED.has(data.slice(0, 10).toLowerCase())) return undefined;
  let account: Address;
  try {
    account = decodeFunctionData({ abi: nonceHolderAbi, data }).args![0] as Address;
  } catch {
    return undefined; // malformed arguments: the EVM answers (it reverts as Solidity does)
  }
  const nonce = await engine.request<Hex>('eth_getTransactionCount', [account, engineBlock]);
  return encodeAbiParameters([{ type: 'uint256' }], [BigInt(nonce)]);
}
