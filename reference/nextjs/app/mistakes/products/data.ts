// The shop's catalogue: plain server-side data, shared by every mistakes/products route.
export type Product = { id: number; name: string; price: number };

const products: Product[] = [
  { id: 1, name: 'Kettle', price: 30 },
  { id: 2, name: 'Teapot', price: 25 },
  { id: 3, name: 'Mug', price: 8 },
];

export function readProducts(): Product[] {
  return products;
}
