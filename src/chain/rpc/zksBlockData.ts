/**
 * The `zks_*` methods about a block's transactions and the chain's code and state:
 * zks_getRawBlockTransactions (the server's internal transaction form: common_data.L2, execute,
 * received_timestamp_ms, raw_bytes), zks_getBytecodeByHash (deployed code by keccak256, see
 * bytecodeIndex.ts) and zks_getProof, which is refused: the real method proves a slot against
 * ZKsync's state tree (a sparse Merkle tree over all storage, committed per batch), and this chain has
 * no such tree. Answering an EVM Merkle-Patricia proof under the ZKsync field names would look valid
 * and verify against nothing a ZKsync verifier knows, so the error points to eth_getProof instead.
 */
import { z } from 'zod';
import { formatTransaction, hexToBytes, numberToHex, serializeTransaction, zeroAddress, type Address, type Hex, type RpcTransaction } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { RpcError, RpcErrorCode } from '../../rpc/errors.ts';
import { address, hash32, hexData } from '../../rpc/schemas.ts';
import { CONTRACT_DEPLOYER_ADDRESS, L1_MESSENGER_ADDRESS, L2_ASSET_ROUTER_ADDRESS, L2_BASE_TOKEN_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, MESSAGE_ROOT_ADDRESS, MULTICALL3_ADDRESS, NONCE_HOLDER_ADDRESS } from '../../contracts/index.ts';
import type { DecodedTransaction } from '../../protocol/transaction.ts';
import type { ChainNode } from '../chainNode.ts';
import { BytecodeIndex } from './bytecodeIndex.ts';
// Not from zksNamespace.ts, which imports this module: an import cycle through modules with top-level
// await (src/protocol/hash.ts) deadlocks the CLI bundle (node exits 13 before `up` starts).
import { GAS_PER_PUBDATA } from '../../protocol/constants.ts';

/** The contracts genesis places (src/chain/genesis.ts), which no transaction created. */
const GENESIS_CONTRACTS: readonly Address[] = [
  L1_MESSENGER_ADDRESS, MESSAGE_ROOT_ADDRESS, L2_INTEROP_ROOT_STORAGE_ADDRESS, L2_MESSAGE_VERIFICATION_ADDRESS,
  NONCE_HOLDER_ADDRESS, CONTRACT_DEPLOYER_ADDRESS, L2_BASE_TOKEN_ADDRESS, L2_ASSET_ROUTER_ADDRESS, L2_NATIVE_TOKEN_VAULT_ADDRESS, MULTICALL3_ADDRESS,
];

const blockNumberParam = z.union([z.number().int().nonnegative(), hexData.transform((h) => Number(BigInt(h)))], { error: 'expected a block number (JSON number or hex quantity)' });

/** The block-data methods of one chain. */
export function zksBlockData(node: ChainNode): RpcMethod[] {
  const bytecodes = new BytecodeIndex(node.engine, GENESIS_CONTRACTS);
  return [
    defineMethod({
      name: 'zks_getRawBlockTransactions',
      params: z.tuple([blockNumberParam]),
      paramNames: ['blockNumber'],
      handler: async ([n]) => {
        // The server answers an unknown block with an empty list, not an error.
        if (n > node.blockNumber) return [];
        const block = await node.engine.request<{ transactions: RpcTransaction[] } | null>('eth_getBlockByNumber', [numberToHex(n), true]);
        // User transactions only: the block's root imports are bootloader work (present.ts).
        return (block?.transactions ?? []).slice(node.rootImportTxs(n)).map((tx) => rawBlockTransaction(node, tx));
      },
    }),
    defineMethod({
      name: 'zks_getBytecodeByHash',
      params: z.tuple([hash32]),
      paramNames: ['hash'],
      // The server returns the bytes as a JSON array of numbers (serde's Vec<u8>).
      handler: async ([hash]) => {
        const code = await bytecodes.bytecodeOf(hash as Hex, node.blockNumber);
        return code === null ? null : Array.from(hexToBytes(code));
      },
    }),
    defineMethod({
      name: 'zks_getProof',
      params: z.tuple([address, z.array(hash32), z.unknown()]),
      paramNames: ['address', 'keys', 'l1BatchNumber'],
      handler: () => {
        throw new RpcError(
          RpcErrorCode.MethodNotFound,
          'zks_getProof is not available: it proves storage against ZKsync\'s state tree, which this EVM-based devnet does not have; use eth_getProof for the EVM\'s Merkle-Patricia proof of the same slots',
          { code: 'METHOD_NOT_FOUND' },
        );
      },
    }),
  ];
}

const bytes = (hex: Hex | null | undefined): number[] => (hex && hex !== '0x' ? Array.from(hexToBytes(hex)) : []);

const TYPE_NAMES: Record<string, string> = {
  legacy: 'LegacyTransaction',
  eip2930: 'EIP2930Transaction',
  eip1559: 'EIP1559Transaction',
  eip712: 'EIP712Transaction',
};

/** One transaction as zks_getRawBlockTransactions gives it (the server's `Transaction` with L2 common data). */
function rawBlockTransaction(node: ChainNode, rpcTx: RpcTransaction) {
  const clientHash = node.clientHashOf(rpcTx.hash);
  const zk = node.zksyncTransaction(clientHash);
  const tx = formatTransaction(rpcTx);
  const raw = zk ? (node.zksyncRawTransaction(clientHash) ?? null) : standardRaw(tx);
  const fees = feesOf(zk, tx);
  const signature = zk?.customSignature ?? signatureOf(zk?.signature ?? { r: tx.r, s: tx.s, yParity: tx.yParity ?? Number(tx.v ?? 27n) - 27 });
  return {
    common_data: {
      L2: {
        nonce: tx.nonce,
        fee: {
          gas_limit: numberToHex(tx.gas),
          max_fee_per_gas: numberToHex(fees.maxFeePerGas),
          max_priority_fee_per_gas: numberToHex(fees.maxPriorityFeePerGas),
          gas_per_pubdata_limit: numberToHex(zk?.gasPerPubdata ?? GAS_PER_PUBDATA),
        },
        initiatorAddress: tx.from,
        signature: bytes(signature),
        transactionType: TYPE_NAMES[zk ? 'eip712' : tx.type] ?? 'EIP1559Transaction',
        input: { hash: clientHash, data: bytes(raw) },
        paymasterParams: { paymaster: zk?.paymasterParams?.paymaster ?? zeroAddress, paymasterInput: bytes(zk?.paymasterParams?.paymasterInput) },
      },
    },
    execute: {
      contractAddress: tx.to ?? null,
      calldata: tx.input,
      value: numberToHex(tx.value),
      factoryDeps: (zk?.factoryDeps ?? []).map((dep) => bytes(dep)),
    },
    received_timestamp_ms: node.receivedAtOf(clientHash) ?? null,
    raw_bytes: raw,
  };
}

function feesOf(zk: DecodedTransaction | undefined, tx: ReturnType<typeof formatTransaction>): { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
  if (zk) return { maxFeePerGas: zk.maxFeePerGas ?? 0n, maxPriorityFeePerGas: zk.maxPriorityFeePerGas ?? 0n };
  const price = tx.gasPrice ?? 0n;
  return { maxFeePerGas: tx.maxFeePerGas ?? price, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? price };
}

/** 65 bytes r ‖ s ‖ v (v = 27 + yParity), as the server stores a signature. */
function signatureOf(sig: { r?: Hex; s?: Hex; yParity?: number }): Hex | null {
  if (!sig.r || !sig.s) return null;
  const word = (h: Hex) => h.slice(2).padStart(64, '0');
  return `0x${word(sig.r)}${word(sig.s)}${(27 + (sig.yParity ?? 0)).toString(16).padStart(2, '0')}`;
}

/** The signed bytes of a standard transaction, re-serialized from what the EVM holds. */
function standardRaw(tx: ReturnType<typeof formatTransaction>): Hex | null {
  try {
    const { r, s, v, yParity } = tx;
    if (!r || !s) return null;
    return serializeTransaction(tx as Parameters<typeof serializeTransaction>[0], { r, s, v, yParity });
  } catch {
    return null;
  }
}
