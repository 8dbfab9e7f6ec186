/**
 * Who a node acts as for an RPC caller: the trust boundary of a local devnet (docs/security.md).
 * The node signs only for its funded dev accounts (the keys everyone knows: eth_accounts, and what
 * eth_sendTransaction and eth_sign* may name). It never acts as a system address (the bootloader,
 * system contracts, settlement contracts) or an operator for the public: those are the node's own
 * identities, and acting as them would let a caller forge interop roots or settle made-up batches.
 * Dev conveniences that reach beyond the dev accounts (impersonation, set code/storage/balance) must
 * ask `protectionOf` and refuse protected accounts unless the network runs with `--dev`
 * (src/chain/rpc/hardhatNamespace.ts does). An account impersonated that way (`impersonate`) may be an
 * `eth_sendTransaction` sender until `stopImpersonating`.
 */
import { getAddress, type Address, type Hex } from 'viem';
import { isSystemAddress } from '../contracts/index.ts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import { ZkInteropError } from '../errors.ts';

/** A caller named an account this node will not act as (code UNKNOWN_ACCOUNT or PROTECTED_ACCOUNT). */
export class AccountRefusedError extends ZkInteropError {
  override name = 'AccountRefusedError';
  constructor(
    code: 'UNKNOWN_ACCOUNT' | 'PROTECTED_ACCOUNT',
    message: string,
    readonly account: Address | undefined,
  ) {
    super(code, message);
  }
}

/** Addresses of keys already derived: every node of a network gets the same 20 dev keys (~0.5 ms each to derive). */
const derived = new Map<Hex, Address>();

function addressOf(key: Hex): Address {
  let address = derived.get(key);
  if (address === undefined) derived.set(key, (address = privateKeyAddress(key)));
  return address;
}

/** The accounts a node signs for and the ones it protects. */
export class AccountPolicy {
  /** lowercase address → checksummed, in the order given (eth_accounts keeps it) */
  private readonly signers = new Map<string, Address>();
  /** lowercase operator address → the chain it settles */
  private readonly operators = new Map<string, number>();
  /** lowercase address → why: other accounts the network acts as itself (its bundle relayer) */
  private readonly own = new Map<string, string>();
  /** lowercase address → checksummed: accounts impersonated through the dev methods (hardhat_impersonateAccount) */
  private readonly impersonated = new Map<string, Address>();

  /** @param devKeys keys of the funded dev accounts the node signs for */
  constructor(devKeys: readonly Hex[]) {
    for (const key of devKeys) {
      const address = addressOf(key);
      this.signers.set(address.toLowerCase(), getAddress(address));
    }
  }

  /** The dev accounts (eth_accounts). */
  accounts(): Address[] {
    return [...this.signers.values()];
  }

  /** Records an operator: never signed for nor impersonated for the public (Gateway knows its chains' operators). */
  protectOperator(address: Address, chainId: number): void {
    this.operators.set(address.toLowerCase(), chainId);
    this.signers.delete(address.toLowerCase());
  }

  /** Records another account of the network's own (its bundle relayer): protected like an operator, `why` says whose it is. */
  protectOwn(address: Address, why: string): void {
    this.own.set(address.toLowerCase(), why);
    this.signers.delete(address.toLowerCase());
  }

  /** Why `address` is protected, or undefined when it is an ordinary account. */
  protectionOf(address: Address): string | undefined {
    if (isSystemAddress(address)) return `${address} is a system address (the bootloader, a system or settlement contract); only the node itself acts as it`;
    const chainId = this.operators.get(address.toLowerCase());
    if (chainId !== undefined) return `${address} is the operator of chain ${chainId}; operators sign inside their node only`;
    const own = this.own.get(address.toLowerCase());
    if (own !== undefined) return `${address} is ${own}`;
    return undefined;
  }

  /** Lets `eth_sendTransaction` name `address` (the caller checked `protectionOf` first). */
  impersonate(address: Address): void {
    this.impersonated.set(address.toLowerCase(), getAddress(address));
  }

  /** Ends `impersonate`; @returns whether `address` was impersonated */
  stopImpersonating(address: Address): boolean {
    return this.impersonated.delete(address.toLowerCase());
  }

  /** The impersonated accounts (a chain snapshot keeps them). */
  impersonatedAccounts(): Address[] {
    return [...this.impersonated.values()];
  }

  /** Replaces the impersonated accounts (a snapshot restored). */
  setImpersonated(addresses: readonly Address[]): void {
    this.impersonated.clear();
    for (const a of addresses) this.impersonate(a);
  }

  /**
   * The account a signing request (eth_sendTransaction, eth_sign, personal_sign, eth_signTypedData_v4) names,
   * if the node signs for it (a dev account) or sends as it (an impersonated account: the EVM sends its
   * transactions without a key, and cannot sign messages for it).
   * @throws AccountRefusedError PROTECTED_ACCOUNT for a system address or an operator, UNKNOWN_ACCOUNT for any
   *   other account that is not a dev account (and for a missing `from`)
   */
  assertSigner(address: string | undefined, method: string): Address {
    if (address === undefined) {
      throw new AccountRefusedError('UNKNOWN_ACCOUNT', `${method} needs a "from" account: one of this node's dev accounts (eth_accounts)`, undefined);
    }
    const signer = this.signers.get(address.toLowerCase()) ?? this.impersonated.get(address.toLowerCase());
    if (signer) return signer;
    const protection = this.protectionOf(address as Address);
    if (protection) throw new AccountRefusedError('PROTECTED_ACCOUNT', `${method} refused: ${protection} (docs/security.md)`, address as Address);
    throw new AccountRefusedError(
      'UNKNOWN_ACCOUNT',
      `unknown account ${address}: this node signs only for its dev accounts (eth_accounts); sign the transaction yourself and send it with eth_sendRawTransaction`,
      address as Address,
    );
  }
}
