import type { Money } from "./gen/shop/v1/money.ts";

/** Euros from cents; the shop prices everything in EUR. */
export function euros(cents: number): Money {
  return { currency: "EUR", units: BigInt(Math.trunc(cents / 100)), nanos: (cents % 100) * 10_000_000 };
}

/** Cents of an amount (the demo's amounts are small enough for a number). */
export function cents(money: Money | undefined): number {
  if (money === undefined) return 0;
  return Number(money.units) * 100 + Math.round(money.nanos / 10_000_000);
}

/** `"EUR 4.50"`. */
export function formatMoney(money: Money | undefined): string {
  const c = cents(money);
  return `${money?.currency ?? "EUR"} ${(c / 100).toFixed(2)}`;
}
