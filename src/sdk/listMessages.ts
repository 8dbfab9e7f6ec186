/**
 * `listMessages`: the messages a chain has seen, newest first (`zkinterop_listMessages`).
 */
import type { Client } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { MessageListFilter, MessageListPage } from '../wire/types.ts';

/** Which messages: one stage (any but `sent`, which no node lists), and a page (`limit` ≤ 10,000, default 100). */
export type ListMessagesParameters = MessageListFilter;

/** The page of lifecycles and how many messages match in all. */
export type ListMessagesReturnType = MessageListPage;

/**
 * Lists a chain's messages with their lifecycles, newest first.
 * @param client a viem client of a zkinterop chain
 * @throws UnsupportedNodeError when the node has no `zkinterop_*` namespace
 * @example
 * const { total, messages } = await listMessages(publicClient, { stage: 'executed', limit: 10 });
 */
export async function listMessages(client: Client, parameters: ListMessagesParameters = {}): Promise<ListMessagesReturnType> {
  const query = Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined));
  return rpcRequiring<ListMessagesReturnType>(client, 'zkinterop_listMessages', [query], 'listMessages');
}
