/**
 * A ZKsync EIP-712 (0x71) transaction pays the effective gas price an EIP-1559 transaction with the
 * same fees pays (base fee + tip, at most the max fee): the node runs it as its sender with the fees
 * it signed. Checked with receipts and the sender's balance, over JSON-RPC against a started network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcProvider, Wallet as EthersWallet } from 'ethers';
import { Provider, Wallet, utils } from 'zksync-ethers';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { RICH_KEY } from '../support/interop.ts';

const CHAIN_ID = 271;
const TO = '0x00000000000000000000000000000000000000ee';
const FEES = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n, gasLimit: 100_000n };

let net: Network;
let provider: Provider;
let zkWallet: Wallet;
let ethWallet: EthersWallet;

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: CHAIN_ID, port: 0 }] });
  provider = new Provider(net.node(CHAIN_ID).rpcUrl);
  zkWallet = new Wallet(RICH_KEY, provider);
  ethWallet = new EthersWallet(RICH_KEY, new JsonRpcProvider(net.node(CHAIN_ID).rpcUrl, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 }));
});

afterAll(async () => {
  provider?.destroy();
  ethWallet?.provider?.destroy();
  await net?.stop();
});

/** Sends `send`'s transaction and returns its receipt and what the sender's balance lost beyond the value. */
async function feePaid(send: () => Promise<{ hash: string }>, value: bigint) {
  const from = zkWallet.address;
  const before = await provider.getBalance(from, 'latest');
  const tx = await send();
  const receipt = (await provider.waitForTransaction(tx.hash))!;
  const after = await provider.getBalance(from, 'latest');
  return { receipt, fee: before - after - value };
}

describe('the gas price a 0x71 transaction pays', () => {
  it('equals that of an EIP-1559 transaction with the same max fee and tip, in the receipt and in the balance', async () => {
    const eip1559 = await feePaid(() => ethWallet.sendTransaction({ to: TO, value: 1n, type: 2, ...FEES }), 1n);
    const eip712 = await feePaid(() => zkWallet.sendTransaction({ to: TO, value: 1n, type: utils.EIP712_TX_TYPE, ...FEES }), 1n);
    expect(eip712.receipt.type).toBe(utils.EIP712_TX_TYPE);
    expect(eip712.receipt.gasPrice).toBe(eip1559.receipt.gasPrice);
    expect(eip712.receipt.gasPrice).toBeGreaterThan(0n);
    expect(eip712.fee).toBe(eip712.receipt.gasUsed * eip712.receipt.gasPrice);
    expect(eip1559.fee).toBe(eip1559.receipt.gasUsed * eip1559.receipt.gasPrice);
  });

  it('is the tip when the base fee is zero (the tip is capped by the max fee)', async () => {
    const block = await provider.getBlock('latest');
    expect(block!.baseFeePerGas).toBe(0n);
    const { receipt } = await feePaid(() => zkWallet.sendTransaction({ to: TO, value: 1n, type: utils.EIP712_TX_TYPE, ...FEES }), 1n);
    expect(receipt.gasPrice).toBe(FEES.maxPriorityFeePerGas);
  });
});
