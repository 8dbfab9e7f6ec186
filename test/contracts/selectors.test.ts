import { describe, expect, it } from 'vitest';
import { toEventSelector, toFunctionSelector, type Abi, type AbiEvent, type AbiFunction } from 'viem';
import { EVENT_TOPICS, SELECTORS } from '../../src/protocol/constants.ts';
import { l1MessengerAbi, l2InteropRootStorageAbi, l2MessageVerificationAbi, messageRootAbi } from '../../src/contracts/index.ts';

const abis: Abi[] = [l1MessengerAbi, l2InteropRootStorageAbi, l2MessageVerificationAbi, messageRootAbi];
const functions = abis.flat().filter((item): item is AbiFunction => item.type === 'function');
const events = abis.flat().filter((item): item is AbiEvent => item.type === 'event');

describe('system contract ABIs', () => {
  it.each(Object.entries(SELECTORS))('%s has the selector of the SPEC', (name, selector) => {
    const fn = functions.find((f) => f.name === name);
    expect(fn, `no function ${name}`).toBeDefined();
    expect(toFunctionSelector(fn!)).toBe(selector);
  });

  it.each(Object.entries(EVENT_TOPICS))('%s has the topic of the SPEC', (name, topic) => {
    const event = events.find((e) => e.name === name);
    expect(event, `no event ${name}`).toBeDefined();
    expect(toEventSelector(event!)).toBe(topic);
  });
});
