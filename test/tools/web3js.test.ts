/**
 * web3.js v4, the library many existing dApps still use, against chain 271 of a started network:
 * chain id, balances, sending from a node account (eth_accounts) and a signed raw transaction,
 * deploying and calling a contract, past logs, a newBlockHeaders subscription over WebSocket, and
 * an interop message (L1Messenger.sendToL1) whose receipt carries its logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Web3, WebSocketProvider, type Web3BaseProvider } from 'web3';
import { keccak256, toHex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { DEV_BALANCE, RICH_WALLET_KEYS, TEST_MNEMONIC_KEYS } from '../../src/network/accounts.ts';
import { L1_MESSENGER_ADDRESS, interopSendMessageAbi, interopSendMessageBytecode, l1MessengerAbi } from '../../src/contracts/index.ts';

let net: Network;
let web3: Web3;

/** A web3 instance that polls for receipts every 20 ms instead of every second. */
function quickWeb3(provider: string | Web3BaseProvider): Web3 {
  const instance = new Web3(provider);
  instance.transactionPollingInterval = 20;
  instance.transactionReceiptPollingInterval = 20;
  return instance;
}

beforeAll(async () => {
  net = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] });
  web3 = quickWeb3(net.node(271).rpcUrl);
});

afterAll(async () => {
  await net?.stop();
});

describe('web3.js v4 against chain 271', () => {
  it('reads the chain id 271 with eth.getChainId', async () => {
    expect(await web3.eth.getChainId()).toBe(271n);
  });

  it('reads the funded balance of an unused dev account with eth.getBalance', async () => {
    const untouched = web3.eth.accounts.privateKeyToAccount(TEST_MNEMONIC_KEYS[9]!).address;
    expect(await web3.eth.getBalance(untouched)).toBe(DEV_BALANCE);
  });

  it("sends value from a node account (eth_accounts) with eth.sendTransaction and the recipient's balance grows", async () => {
    const [from] = await web3.eth.getAccounts();
    const to = web3.eth.accounts.create().address;
    const receipt = await web3.eth.sendTransaction({ from, to, value: 12345n });
    expect(receipt.status).toBe(1n);
    expect(await web3.eth.getBalance(to)).toBe(12345n);
  });

  it('sends a locally signed transaction with eth.sendSignedTransaction', async () => {
    const account = web3.eth.accounts.privateKeyToAccount(RICH_WALLET_KEYS[1]!);
    const to = web3.eth.accounts.create().address;
    const tx = { from: account.address, to, value: 777n, gas: 21_000n, gasPrice: await web3.eth.getGasPrice(), nonce: await web3.eth.getTransactionCount(account.address), chainId: 271n };
    const signed = await account.signTransaction(tx);
    const receipt = await web3.eth.sendSignedTransaction(signed.rawTransaction);
    expect(receipt.status).toBe(1n);
    expect(receipt.transactionHash).toBe(signed.transactionHash);
    expect(await web3.eth.getBalance(to)).toBe(777n);
  });

  it('deploys a contract and calls its view', async () => {
    const [from] = await web3.eth.getAccounts();
    const deployed = await new web3.eth.Contract(interopSendMessageAbi).deploy({ data: interopSendMessageBytecode }).send({ from });
    expect(deployed.options.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect((await deployed.methods.L1_MESSENGER().call()).toLowerCase()).toBe(L1_MESSENGER_ADDRESS.toLowerCase());
  });

  it("sends an interop message through L1Messenger whose receipt carries the L1MessageSent log", async () => {
    const [from] = await web3.eth.getAccounts();
    const message = toHex('hello from web3.js');
    const messenger = new web3.eth.Contract(l1MessengerAbi, L1_MESSENGER_ADDRESS);
    const receipt = await messenger.methods.sendToL1(message).send({ from });
    expect(receipt.status).toBe(1n);
    const sent = receipt.events?.L1MessageSent;
    expect(receipt.logs.length).toBeGreaterThanOrEqual(1);
    expect(sent?.returnValues).toMatchObject({ hash: keccak256(message), message });
    expect(String(sent?.returnValues.sender).toLowerCase()).toBe(from!.toLowerCase());
  });

  it('finds the message log again with eth.getPastLogs', async () => {
    const [from] = await web3.eth.getAccounts();
    const message = toHex('logged for getPastLogs');
    const receipt = await new web3.eth.Contract(l1MessengerAbi, L1_MESSENGER_ADDRESS).methods.sendToL1(message).send({ from });
    const logs = await web3.eth.getPastLogs({ address: L1_MESSENGER_ADDRESS, fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber });
    expect(logs.map((log) => (typeof log === 'string' ? log : log.transactionHash))).toContain(receipt.transactionHash);
  });

  it('delivers new block headers to a WebSocket newBlockHeaders subscription', async () => {
    const ws = quickWeb3(new WebSocketProvider(net.node(271).wsUrl));
    try {
      const subscription = await ws.eth.subscribe('newBlockHeaders');
      const headers: { number: bigint; hash: string }[] = [];
      let onHeader = () => {};
      subscription.on('data', (header) => {
        headers.push({ number: BigInt(header.number!), hash: String(header.hash) });
        onHeader();
      });
      const [from] = await web3.eth.getAccounts();
      const receipt = await web3.eth.sendTransaction({ from, to: from, value: 1n });
      // other blocks (an idle chain seals one to import an interop root) may come first
      const delivered = () => headers.find((h) => h.number === BigInt(receipt.blockNumber));
      while (!delivered()) await new Promise<void>((resolve) => (onHeader = resolve));
      expect(delivered()!.hash).toBe(receipt.blockHash);
      await subscription.unsubscribe();
    } finally {
      ws.provider?.disconnect?.();
    }
  });
});
