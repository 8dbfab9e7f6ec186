/**
 * `zkinterop bundle send` and `zkinterop transfer` as child processes against a network started in this
 * process with auto-relay off (automatic mode, instant profile): the command sends on 271, waits until
 * provable, executes on 272 itself and prints the hashes; bad arguments exit 2. With auto-relay on, see
 * test/cli/bundleRelayCommands.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringToHex, type Address } from 'viem';
import { deployContract, readContract } from 'viem/actions';
import { privateKeyToAddress } from 'viem/accounts';
import { createNetwork, type TestNetwork } from '../../src/testing/index.ts';
import { RICH_WALLET_KEYS } from '../../src/network/accounts.ts';
import { bundleReceiverAbi, bundleReceiverBytecode, testTokenAbi, testTokenBytecode } from '../../src/contracts/index.ts';
import { createChainClients, getBundleStatus } from '../../src/sdk/index.ts';
import { jsonOf, runCli, writeNetworkFile } from './runCli.ts';

const SENDER_KEY = RICH_WALLET_KEYS[0]!;
const RECIPIENT: Address = privateKeyToAddress(RICH_WALLET_KEYS[2]!);

let net: TestNetwork;
let config: string;
let receiver: Address;
let token: Address;

beforeAll(async () => {
  net = await createNetwork({ chains: 2, profile: 'instant', autorelay: false });
  config = await writeNetworkFile(net);
  const [a, b] = await Promise.all([createChainClients({ rpcUrl: net.chain(271).rpcUrl, account: SENDER_KEY }), createChainClients({ rpcUrl: net.chain(272).rpcUrl, account: SENDER_KEY })]);
  const deployedReceiver = await deployContract(b.walletClient!, { abi: bundleReceiverAbi, bytecode: bundleReceiverBytecode });
  receiver = (await b.publicClient.waitForTransactionReceipt({ hash: deployedReceiver })).contractAddress!;
  const deployedToken = await deployContract(a.walletClient!, { abi: testTokenAbi, bytecode: testTokenBytecode, args: ['CLI Token', 'CLI', 18, 10n ** 21n] });
  token = (await a.publicClient.waitForTransactionReceipt({ hash: deployedToken })).contractAddress!;
});
afterAll(() => net?.stop());

describe('bundle send', () => {
  it('sends a bundle on 271, executes it on 272 and prints the hashes and status executed as JSON', async () => {
    const result = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', `${receiver}:${stringToHex('from the cli')}`, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = jsonOf(result);
    expect(out).toEqual({
      from: 271,
      to: 272,
      bundleHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      sourceTxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      destinationTxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      status: 'executed',
      executedBy: 'command',
    });
    expect(await readContract(net.chain(272).client, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastPayload' })).toBe(stringToHex('from the cli'));
    expect(await getBundleStatus(net.chain(272).client, { bundleHash: out.bundleHash as `0x${string}` })).toEqual({ status: 'executed', txHash: out.destinationTxHash });
  });

  it('with --no-execute only sends: no destination transaction, status sent, the receiver untouched', async () => {
    const before = await readContract(net.chain(272).client, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' });
    const result = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', `${receiver}:0x01`, '--no-execute', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toMatchObject({ bundleHash: expect.stringMatching(/^0x/), destinationTxHash: null, status: 'sent' });
    expect(await readContract(net.chain(272).client, { address: receiver, abi: bundleReceiverAbi, functionName: 'count' })).toBe(before);
  });

  it('exits 1 with the handler error code in the JSON when a call goes to an account that is no ERC-7786 receiver', async () => {
    const result = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', `${RECIPIENT}:0x`, '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ bundleHash: expect.stringMatching(/^0x/), sourceTxHash: expect.stringMatching(/^0x/), destinationTxHash: null, status: 'sent', error: { code: 'BUNDLE_REVERTED' } });
  });

  it('exits 2 and names the expected form for a --call without calldata', async () => {
    const result = await runCli(['bundle', 'send', '--config', config, '--from', '271', '--to', '272', '--call', receiver]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<address>:<calldata>');
  });
});

describe('transfer', () => {
  it("moves a TestToken from 271 to 272 and prints the bridged token and the recipient's balance there", async () => {
    const result = await runCli(['transfer', '--config', config, '--token', token, '--amount', '250', '--from', '271', '--to', '272', '--recipient', RECIPIENT, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = jsonOf(result);
    expect(out).toMatchObject({ from: 271, to: 272, amount: '250', recipient: RECIPIENT, status: 'executed', recipientBalance: '250', tokenOnDestination: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) });
    expect(await readContract(net.chain(272).client, { address: out.tokenOnDestination as Address, abi: testTokenAbi, functionName: 'balanceOf', args: [RECIPIENT] })).toBe(250n);
  });

  it('refuses the base token to an account without code with exit 2, naming the receiver it needs', async () => {
    const result = await runCli(['transfer', '--config', config, '--token', 'eth', '--amount', '1', '--from', '271', '--to', '272']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERC-7786 receiver');
  });

  it('moves the base token to an ERC-7786 receiver on 272: it gets the value', async () => {
    const result = await runCli(['transfer', '--config', config, '--token', 'eth', '--amount', '12345', '--from', '271', '--to', '272', '--recipient', receiver, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toMatchObject({ token: 'eth', amount: '12345', recipient: receiver, status: 'executed', received: '12345' });
    expect(await readContract(net.chain(272).client, { address: receiver, abi: bundleReceiverAbi, functionName: 'lastValue' })).toBe(12345n);
  });
});
