import { Code, RpcError, timestampFromDate } from "strand";
import type { CatalogHandlers, Product } from "./gen/shop/v1/catalog.ts";
import { euros } from "./money.ts";

const updatedAt = timestampFromDate(new Date("2026-11-01T09:00:00Z"));

/** The shop's products, in memory. */
export const products: readonly Product[] = [
  { sku: "tea", name: "Green tea, 100 g", price: euros(450), tags: ["drinks"], updatedAt },
  { sku: "mug", name: "Stoneware mug", price: euros(1200), tags: ["kitchen"], updatedAt },
  { sku: "kettle", name: "Cast-iron kettle", price: euros(8900), tags: ["kitchen"], updatedAt },
];

/** Catalog handlers: unary lookups over {@link products}. */
export const catalogHandlers: CatalogHandlers = {
  async getProduct(request) {
    const product = products.find((p) => p.sku === request.sku);
    if (product === undefined) throw new RpcError(Code.NotFound, `no product with SKU "${request.sku}"`);
    return product;
  },
  async listProducts(request) {
    return { products: products.filter((p) => request.tag === "" || p.tags.includes(request.tag)) };
  },
};
