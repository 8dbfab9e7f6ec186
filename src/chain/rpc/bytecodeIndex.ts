/**
 * Deployed code by its hash, for zks_getBytecodeByHash. The real server keeps every bytecode it was
 * given (factory deps) under ZKsync's versioned bytecode hash; here the EVM holds the code, so the
 * index maps keccak256(runtime code) (what EXTCODEHASH gives) to an address that holds it.
 *
 * Built lazily, on the first question and then only over the blocks sealed since: the addresses it
 * looks at are the genesis contracts, the contracts transactions created (receipt `contractAddress`),
 * the `to` of every transaction and the emitter of every log, so a contract deployed by a factory is
 * found once it is called or logs. Nothing is stored: after a restart the index is rebuilt from the
 * chain on the first question. A hit is checked against the current code (a revert may have undone
 * a deployment), and if the chain was reverted below the indexed height the index starts over.
 */
import { keccak256, numberToHex, type Address, type Hex } from 'viem';
import type { EngineReader } from '../chainNode.ts';

type Tx = { hash: Hex; to: Address | null };
type Block = { hash: Hex; transactions: Tx[] };

/** An index of one chain's deployed code by keccak256; see module header. */
export class BytecodeIndex {
  private readonly byHash = new Map<Hex, Address>();
  private readonly seen = new Set<Address>();
  private indexedTo = -1;
  private indexedHash: Hex | undefined;

  constructor(
    private readonly engine: EngineReader,
    /** addresses that hold code from genesis (placed with setCode: no transaction created them) */
    private readonly genesisAddresses: readonly Address[],
  ) {}

  /**
   * The runtime code whose keccak256 is `hash`, or null if no contract on the chain has it.
   * @param head the chain's latest sealed block
   */
  async bytecodeOf(hash: Hex, head: number): Promise<Hex | null> {
    await this.catchUp(head);
    const key = hash.toLowerCase() as Hex;
    const holder = this.byHash.get(key);
    if (!holder) return null;
    const code = await this.engine.request<Hex>('eth_getCode', [holder, 'latest']);
    if (code !== '0x' && keccak256(code) === key) return code;
    this.byHash.delete(key);
    this.seen.delete(holder);
    return null;
  }

  private async catchUp(head: number): Promise<void> {
    if (this.indexedTo >= 0) {
      const block = this.indexedTo <= head ? await this.block(this.indexedTo) : null;
      if (!block || block.hash !== this.indexedHash) this.reset();
    }
    if (this.indexedTo < 0) {
      for (const a of this.genesisAddresses) await this.look(a);
    }
    for (let n = this.indexedTo + 1; n <= head; n++) {
      const block = await this.block(n);
      if (!block) break;
      for (const tx of block.transactions) {
        if (tx.to) await this.look(tx.to);
        else {
          const receipt = await this.engine.request<{ contractAddress: Address | null } | null>('eth_getTransactionReceipt', [tx.hash]);
          if (receipt?.contractAddress) await this.look(receipt.contractAddress);
        }
      }
      const logs = await this.engine.request<{ address: Address }[]>('eth_getLogs', [{ fromBlock: numberToHex(n), toBlock: numberToHex(n) }]);
      for (const log of logs) await this.look(log.address);
      this.indexedTo = n;
      this.indexedHash = block.hash;
    }
  }

  private async look(who: Address): Promise<void> {
    const a = who.toLowerCase() as Address;
    if (this.seen.has(a)) return;
    const code = await this.engine.request<Hex>('eth_getCode', [a, 'latest']);
    // Only code holders are remembered: an address without code may hold some later (CREATE2).
    if (code === '0x') return;
    this.seen.add(a);
    this.byHash.set(keccak256(code), a);
  }

  private block(n: number): Promise<Block | null> {
    return this.engine.request<Block | null>('eth_getBlockByNumber', [numberToHex(n), true]);
  }

  private reset(): void {
    this.byHash.clear();
    this.seen.clear();
    this.indexedTo = -1;
    this.indexedHash = undefined;
  }
}
