import { expect, test } from 'vitest';
import { WsConnection, type SubscriptionEmit } from '../../src/rpc/connection.ts';
import { LimitExceededError } from '../../src/rpc/errors.ts';

function setup(maxSubscriptions = 10) {
  const sent: any[] = [];
  const logged: unknown[] = [];
  const connection = new WsConnection({
    send: (text) => sent.push(JSON.parse(text)),
    maxSubscriptions,
    log: (error) => logged.push(error),
  });
  let emit: SubscriptionEmit = () => {};
  let stops = 0;
  const source = (e: SubscriptionEmit) => {
    emit = e;
    return () => {
      stops += 1;
    };
  };
  return { connection, sent, logged, source, emit: (value: unknown) => emit(value), stops: () => stops };
}

test('results emitted before activation are held, then sent in order', () => {
  const { connection, sent, source, emit } = setup();
  const scope = connection.openCall();
  scope.handle.subscribe(source);
  emit(1);
  emit(2);
  expect(sent).toEqual([]);
  scope.activate();
  expect(sent.map((m) => m.params.result)).toEqual([1, 2]);
});

test('a discarded call stops the subscriptions it created', () => {
  const { connection, source, stops } = setup();
  const scope = connection.openCall();
  scope.handle.subscribe(source);
  scope.discard();
  expect(stops()).toBe(1);
  expect(connection.subscriptionCount).toBe(0);
});

test('results emitted after unsubscribe are dropped', () => {
  const { connection, sent, source, emit } = setup();
  const scope = connection.openCall();
  const id = scope.handle.subscribe(source);
  scope.activate();
  expect(connection.unsubscribe(id)).toBe(true);
  emit('late');
  expect(sent).toEqual([]);
});

test('a stop function that throws is logged, not thrown', () => {
  const { connection, logged } = setup();
  const scope = connection.openCall();
  scope.handle.subscribe(() => () => {
    throw new Error('stop failed');
  });
  connection.close();
  expect(logged).toHaveLength(1);
});

test('an unserialisable result is logged and dropped', () => {
  const { connection, sent, logged, source, emit } = setup();
  const scope = connection.openCall();
  scope.handle.subscribe(source);
  scope.activate();
  emit(1n);
  expect(sent).toEqual([]);
  expect(logged).toHaveLength(1);
});

test('subscribing beyond the limit throws LimitExceededError', () => {
  const { connection, source } = setup(1);
  const scope = connection.openCall();
  scope.handle.subscribe(source);
  expect(() => scope.handle.subscribe(source)).toThrow(LimitExceededError);
});

test('a closed connection refuses new subscriptions', () => {
  const { connection, source } = setup();
  connection.close();
  expect(() => connection.openCall().handle.subscribe(source)).toThrow(LimitExceededError);
});

test('a source that throws leaves no subscription behind', () => {
  const { connection } = setup();
  expect(() =>
    connection.openCall().handle.subscribe(() => {
      throw new Error('no such filter');
    }),
  ).toThrow('no such filter');
  expect(connection.subscriptionCount).toBe(0);
});
