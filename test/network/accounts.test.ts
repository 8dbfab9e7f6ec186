import { describe, expect, it } from 'vitest';
import { bytesToHex } from 'viem';
import { mnemonicToAccount, privateKeyToAddress } from 'viem/accounts';
import { DEV_ADDRESSES, devAccounts, TEST_MNEMONIC, TEST_MNEMONIC_KEYS } from '../../src/network/accounts.ts';

describe('dev accounts', () => {
  it('the written-out mnemonic keys are the ones the test mnemonic derives', () => {
    const derived = TEST_MNEMONIC_KEYS.map((_, addressIndex) => bytesToHex(mnemonicToAccount(TEST_MNEMONIC, { addressIndex }).getHdKey().privateKey!));
    expect(derived).toEqual([...TEST_MNEMONIC_KEYS]);
  });

  it('the written-out addresses are the ones the keys derive', () => {
    // viem's own derivation: privateKeyAddress answers these from the written-out list once devAccounts() ran.
    expect(devAccounts().map((a) => privateKeyToAddress(a.privateKey))).toEqual([...DEV_ADDRESSES]);
  });

  it('the first account is the ZKsync rich wallet named in the spec', () => {
    expect(devAccounts()[0]!.address).toBe('0x36615Cf349d7F6344891B1e7CA7C72883F5dc049');
  });

  it('twenty distinct accounts are funded', () => {
    expect(new Set(devAccounts().map((a) => a.address)).size).toBe(20);
  });
});
