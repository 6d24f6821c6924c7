import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { FulfilmentCommand } from './commands.ts';
import { initialState } from './state.ts';
import {
  authorized,
  captured,
  clock,
  committed,
  confirmed,
  customer,
  delivered,
  happyPath,
  inTransit,
  placed,
  policy,
  reserved,
  sends,
  shipped,
  total,
  workflow,
} from './testing/fixtures.ts';

describe('an order carried through', () => {
  it('reserves every line once the order is placed', () => {
    workflow()
      .given()
      .when(placed)
      .thenSends([
        sends('ReserveStock', placed, { sku: 'SKU-1', quantity: 2 }, 'SKU-1', 0),
        sends('ReserveStock', placed, { sku: 'SKU-2', quantity: 1 }, 'SKU-2', 0),
      ]);
  });

  it('asks for the payment once the last line is reserved, caused by that reservation', () => {
    workflow()
      .given(placed)
      .when(reserved('SKU-1'))
      .thenSends([sends('ReserveStock', placed, { sku: 'SKU-2', quantity: 1 }, 'SKU-2', 0)]);
    const last = reserved('SKU-2');
    workflow()
      .given(placed, reserved('SKU-1'))
      .when(last)
      .thenSends([
        sends('AuthorizePayment', last, { amount: total, attempt: 1, payer: customer.id }, 1),
      ]);
  });

  it('confirms on the authorization, captures on the confirmation, ships on the capture', () => {
    const paid = [placed, reserved('SKU-1'), reserved('SKU-2')];
    workflow()
      .given(...paid)
      .when(authorized)
      .thenSends([sends('ConfirmOrder', authorized, {})]);
    workflow()
      .given(...paid, authorized)
      .when(confirmed)
      .thenSends([sends('CapturePayment', confirmed, {})]);
    workflow()
      .given(...paid, authorized, confirmed)
      .when(captured)
      .thenSends([sends('Ship', captured, { attempt: 1 }, 1)]);
  });

  it('commits the stock once shipped, and checks delivery when the carrier said it would', () => {
    const before = happyPath.slice(0, 6);
    workflow()
      .given(...before)
      .when(shipped)
      .thenSends([
        sends('CommitStock', shipped, { sku: 'SKU-1' }, 'SKU-1'),
        sends('CommitStock', shipped, { sku: 'SKU-2' }, 'SKU-2'),
      ]);
    const settled = [...before, shipped, committed('SKU-1'), committed('SKU-2')];
    // Shipped at minute 4, the first check 5 minutes later.
    workflow()
      .given(...settled)
      .when(clock(8, 59_999))
      .thenNothing();
    const check = Date.parse(clock(9).at);
    workflow()
      .given(...settled)
      .when(clock(9))
      .thenSends([sends('TrackShipment', shipped, { trackingId: 'TRK-1' }, check)]);
    // Still in transit at minute 9: checked again 2 minutes later.
    workflow()
      .given(...settled, inTransit(9))
      .when(clock(10))
      .thenNothing();
    const recheck = Date.parse(clock(11).at);
    workflow()
      .given(...settled, inTransit(9))
      .when(clock(11))
      .thenSends([sends('TrackShipment', shipped, { trackingId: 'TRK-1' }, recheck)]);
  });

  it('completes once delivered with every line committed', () => {
    workflow()
      .given(...happyPath.slice(0, -1))
      .when(delivered)
      .thenSends([sends('CompleteFulfilment', delivered, { outcome: 'delivered' })]);
  });

  it('sends each command once over the whole path, however often each input is redelivered', () => {
    let state = initialState;
    const sent = new Map<string, FulfilmentCommand>();
    for (const input of [...happyPath, ...happyPath]) {
      state = evolve(state, input);
      for (const command of decide(input, state, policy)) sent.set(command.commandId, command);
    }
    expect([...sent.values()].map((command) => command.type)).toEqual([
      'ReserveStock',
      'ReserveStock',
      'AuthorizePayment',
      'ConfirmOrder',
      'CapturePayment',
      'Ship',
      'CommitStock',
      'CommitStock',
      'CompleteFulfilment',
    ]);
  });
});
