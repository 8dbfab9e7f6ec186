/**
 * Preact hooks over the live network (network.ts): `useNetwork` re-renders on heads and links;
 * `useLive` loads a page's data and loads it again when a chain it watches announces a block (one load
 * at a time; a block during a load queues one more), so pages follow the network without reloading.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { LiveNetwork, NetworkState } from './network.ts';

/** The page's network, provided once by the app. */
export const NetworkContext = createContext<LiveNetwork | null>(null);

/** The live network of this page. */
export function useLiveNetwork(): LiveNetwork {
  const live = useContext(NetworkContext);
  if (!live) throw new Error('useLiveNetwork outside the app');
  return live;
}

/** The network's state, re-rendering on every head and link change. */
export function useNetwork(): NetworkState {
  const live = useLiveNetwork();
  const [state, setState] = useState(live.current);
  useEffect(() => live.onChange((s) => setState(s)), [live]);
  return state;
}

/** What a `useLive` load gives: the last data, the last error, and whether the first load is running. */
export type Loaded<T> = { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void };

/**
 * Loads `load()` now, when `key` changes, and after every block on the chains in `watch` ('all': any).
 * @param key what the load depends on (a route), compared as a string
 */
export function useLive<T>(load: () => Promise<T>, key: string, watch: readonly number[] | 'all'): Loaded<T> {
  const live = useLiveNetwork();
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; key: string | undefined }>({ data: undefined, error: undefined, key: undefined });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let running = false;
    let again = false;
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        try {
          const data = await loadRef.current();
          if (!cancelled) setState({ data, error: undefined, key });
        } catch (error) {
          if (!cancelled) setState((s) => ({ data: s.key === key ? s.data : undefined, error: error instanceof Error ? error : new Error(String(error)), key }));
        }
      } while (again && !cancelled);
      running = false;
    };
    void run();
    const watched = watch === 'all' ? undefined : new Set(watch);
    const off = live.onChange((_s, chainId) => {
      if (chainId !== null && (watched === undefined || watched.has(chainId))) void run();
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [live, key, tick, watch === 'all' ? 'all' : watch.join(',')]);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: !current, reload: () => setTick((t) => t + 1) };
}

/** Components showing the time, told each second by one shared timer (not one timer each). */
const clockListeners = new Set<(now: number) => void>();
let clock: ReturnType<typeof setInterval> | undefined;

/** The time now, updated every second (relative times stay true on a still page). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    clockListeners.add(setNow);
    clock ??= setInterval(() => {
      const t = Date.now();
      for (const listener of clockListeners) listener(t);
    }, 1000);
    return () => {
      clockListeners.delete(setNow);
      if (clockListeners.size === 0 && clock !== undefined) {
        clearInterval(clock);
        clock = undefined;
      }
    };
  }, []);
  return now;
}
