import { describe, expect, it } from 'vitest';
import { getAddress, type Address } from 'viem';
import { AccountPolicy, AccountRefusedError } from './accountPolicy.ts';
import { chainSettlementAddress, isSystemAddress } from '../contracts/index.ts';
import { devAccounts } from '../network/accounts.ts';

const DEV = devAccounts();
const OPERATOR: Address = '0x1111111111111111111111111111111111111111';

function policy(): AccountPolicy {
  const p = new AccountPolicy(DEV.slice(0, 3).map((a) => a.privateKey));
  p.protectOperator(OPERATOR, 271);
  return p;
}

function refusal(fn: () => unknown): AccountRefusedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AccountRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('isSystemAddress', () => {
  it('default: the bootloader, system contracts, built-ins and settlement contracts are system addresses', () => {
    for (const a of ['0x0000000000000000000000000000000000000001', '0x0000000000000000000000000000000000008001', '0x0000000000000000000000000000000000008008', '0x0000000000000000000000000000000000010008', chainSettlementAddress(271), chainSettlementAddress(2n ** 63n)] as Address[]) {
      expect(isSystemAddress(a), a).toBe(true);
    }
  });

  it('behavior: ordinary accounts are not', () => {
    for (const a of [DEV[0]!.address, OPERATOR, '0x0000000000000000000000020000000000000000' as Address]) expect(isSystemAddress(a), a).toBe(false);
  });
});

describe('AccountPolicy', () => {
  it('default: lists the dev accounts it was given, checksummed, in order', () => {
    expect(policy().accounts()).toEqual(DEV.slice(0, 3).map((a) => getAddress(a.address)));
  });

  it('behavior: a dev account is a signer whatever its case', () => {
    expect(policy().assertSigner(DEV[1]!.address.toLowerCase(), 'eth_sendTransaction')).toBe(getAddress(DEV[1]!.address));
  });

  it('error: the bootloader is refused as protected', () => {
    const error = refusal(() => policy().assertSigner('0x0000000000000000000000000000000000008001', 'eth_sendTransaction'));
    expect(error.code).toBe('PROTECTED_ACCOUNT');
    expect(error.message).toContain('system address');
  });

  it('error: an operator is refused as protected, naming its chain', () => {
    const error = refusal(() => policy().assertSigner(OPERATOR, 'eth_sign'));
    expect(error.code).toBe('PROTECTED_ACCOUNT');
    expect(error.message).toContain('operator of chain 271');
  });

  it('error: an operator that is also a dev key is no longer signed for once protected', () => {
    const p = new AccountPolicy([DEV[0]!.privateKey]);
    p.protectOperator(DEV[0]!.address, 272);
    expect(p.accounts()).toEqual([]);
    expect(refusal(() => p.assertSigner(DEV[0]!.address, 'eth_sendTransaction')).code).toBe('PROTECTED_ACCOUNT');
  });

  it('error: an account without a key here is unknown, with what to do instead', () => {
    const error = refusal(() => policy().assertSigner(DEV[10]!.address, 'eth_sendTransaction'));
    expect(error.code).toBe('UNKNOWN_ACCOUNT');
    expect(error.message).toContain('eth_sendRawTransaction');
  });

  it('error: a missing from is refused as unknown', () => {
    expect(refusal(() => policy().assertSigner(undefined, 'eth_sendTransaction')).code).toBe('UNKNOWN_ACCOUNT');
  });

  it('behavior: protectionOf says why an account is protected and nothing for ordinary ones', () => {
    const p = policy();
    expect(p.protectionOf('0x0000000000000000000000000000000000010005')).toContain('system address');
    expect(p.protectionOf(OPERATOR)).toContain('operator');
    expect(p.protectionOf(DEV[0]!.address)).toBeUndefined();
  });
});
