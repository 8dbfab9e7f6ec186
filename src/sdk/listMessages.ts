/**
 * `listMessages`: the messages a chain has seen, newest first (`zkinterop_listMessages`).
 */
import type { Client } from 'viem';
import { rpcRequiring } from './internal/rpc.ts';
import type { MessageLifecycle, MessageStage } from './types.ts';

export type ListMessagesParameters = {
  /** only messages at this stage */
  stage?: MessageStage;
  /** at most this many (node default 100) */
  limit?: number;
  /** skip this many of the newest */
  offset?: number;
};

export type ListMessagesReturnType = { total: number; messages: MessageLifecycle[] };

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
