/**
 * The network as the page knows it, live: its layout (`zkinterop_networkConfig` from the router's
 * `/network` path), each node's HTTP and WebSocket URL on this page's origin, and each node's head,
 * pushed by `eth_subscribe newHeads` over one WebSocket per node (reconnected when it drops). Pages
 * subscribe to changes (`onChange`) and re-read what they show: nothing polls. The layout is read again
 * after Gateway's blocks (at most every 2 s), so a chain added at runtime appears by itself.
 */
import type { NetworkConfig, NodeDescription } from '../src/wire/types.ts';
import { rpc } from './rpc.ts';

/** A node with the URLs the page uses (same origin as the page). */
export type Node = NodeDescription & { url: string; ws: string; label: string };

/** The latest block a node announced. */
export type Head = { number: number; timestamp: number; hash: string; receivedAt: number };

/** Whether a node's WebSocket is open. */
export type Link = 'live' | 'connecting' | 'down';

/** Everything the page knows of the network. */
export type NetworkState = {
  config: NetworkConfig;
  nodes: Node[];
  heads: ReadonlyMap<number, Head>;
  links: ReadonlyMap<number, Link>;
};

type Listener = (state: NetworkState, changedChain: number | null) => void;

/** Least time between two readings of the layout (chains added at runtime). */
const REFRESH_MS = 2_000;

/** Most time between a WebSocket dropping and the next try. */
const MAX_RECONNECT_MS = 5_000;

/** The network of this page; see module header. */
export class LiveNetwork {
  private state: NetworkState;
  private readonly listeners = new Set<Listener>();
  private readonly sockets = new Map<number, WebSocket>();
  private stopped = false;
  private lastRefresh = Date.now();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(config: NetworkConfig) {
    const nodes = [...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains].map((n) => nodeOf(n));
    this.state = { config, nodes, heads: new Map(), links: new Map(nodes.map((n) => [n.chainId, 'connecting' as Link])) };
  }

  /**
   * Reads the layout and opens a subscription per node.
   * @throws RpcError / TypeError when the router does not answer
   */
  static async connect(): Promise<LiveNetwork> {
    const config = await rpc<NetworkConfig>(`${location.origin}/network`, 'zkinterop_networkConfig');
    const live = new LiveNetwork(config);
    for (const node of live.state.nodes) live.open(node, 0);
    return live;
  }

  get current(): NetworkState {
    return this.state;
  }

  /** The node of a chain id, or undefined. */
  node(chainId: number): Node | undefined {
    return this.state.nodes.find((n) => n.chainId === chainId);
  }

  /** Calls `listener` on every head or link change; returns the unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the layout again (a chain added at runtime) and subscribes to new nodes. */
  async refresh(): Promise<void> {
    const config = await rpc<NetworkConfig>(`${location.origin}/network`, 'zkinterop_networkConfig');
    const known = new Set(this.state.nodes.map((n) => n.chainId));
    const nodes = [...(config.l1 ? [config.l1] : []), config.gateway, ...config.chains].map((n) => nodeOf(n));
    if (nodes.length === this.state.nodes.length) return;
    this.state = { ...this.state, config, nodes, links: new Map([...this.state.links, ...nodes.filter((n) => !known.has(n.chainId)).map((n) => [n.chainId, 'connecting' as Link] as const)]) };
    for (const node of nodes) if (!known.has(node.chainId)) this.open(node, 0);
    this.emit(null);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    for (const ws of this.sockets.values()) ws.close();
  }

  private open(node: Node, attempt: number): void {
    if (this.stopped) return;
    const ws = new WebSocket(node.ws);
    this.sockets.set(node.chainId, ws);
    ws.onopen = () => {
      attempt = 0;
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_getBlockByNumber', params: ['latest', false] }));
      this.setLink(node.chainId, 'live');
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; method?: string; result?: unknown; params?: { result?: unknown } };
      const header = message.method === 'eth_subscription' ? message.params?.result : message.id === 2 ? message.result : undefined;
      if (header && typeof header === 'object') this.setHead(node.chainId, header as { number: string; timestamp: string; hash: string });
    };
    ws.onclose = () => {
      if (this.sockets.get(node.chainId) === ws) this.sockets.delete(node.chainId);
      if (this.stopped) return;
      this.setLink(node.chainId, 'down');
      // Back off, then try again: a network restarted on the same ports comes back by itself.
      setTimeout(() => this.open(node, attempt + 1), Math.min(MAX_RECONNECT_MS, 250 * 2 ** attempt));
    };
  }

  /**
   * A chain added at runtime is registered in a Gateway block: after Gateway's blocks, the layout is read
   * again (at most every REFRESH_MS), so a new chain appears without a reload.
   */
  private refreshSoon(): void {
    if (this.refreshTimer !== undefined) return;
    // One reading per window, after the block that asked for it (a later block in the window rides along).
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.lastRefresh = Date.now();
      this.refresh().catch(() => {
        // The router is away (a restart): the sockets' reconnects bring the page back.
      });
    }, wait);
  }

  private setHead(chainId: number, header: { number: string; timestamp: string; hash: string }): void {
    const number = Number(BigInt(header.number));
    const previous = this.state.heads.get(chainId);
    if (previous && previous.number >= number) return;
    const heads = new Map(this.state.heads);
    heads.set(chainId, { number, timestamp: Number(BigInt(header.timestamp)) * 1000, hash: header.hash, receivedAt: Date.now() });
    this.state = { ...this.state, heads };
    this.emit(chainId);
    if (chainId === this.state.config.gateway.chainId) this.refreshSoon();
  }

  private setLink(chainId: number, link: Link): void {
    if (this.state.links.get(chainId) === link) return;
    const links = new Map(this.state.links);
    links.set(chainId, link);
    this.state = { ...this.state, links };
    this.emit(chainId);
  }

  private emit(chainId: number | null): void {
    for (const listener of this.listeners) listener(this.state, chainId);
  }
}

/** A node's description with the page's URLs for it (its routed path on this origin). */
function nodeOf(description: NodeDescription): Node {
  const path = `/chains/${description.chainId}`;
  const label = description.role === 'l1' ? `L1 ${description.chainId}` : description.role === 'gateway' ? `Gateway ${description.chainId}` : `chain ${description.chainId}`;
  return { ...description, url: `${location.origin}${path}`, ws: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`, label };
}
