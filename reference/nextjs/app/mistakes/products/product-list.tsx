'use client';
// What people write: a client component that loads its data by calling an action.
import { useEffect, useState } from 'react';
import { getProducts } from './actions';
import type { Product } from './data';

export default function ProductList() {
  const [products, setProducts] = useState<Product[]>([]);
  useEffect(() => {
    getProducts().then(setProducts);
  }, []);
  return (
    <ul>
      {products.map((p) => (
        <li key={p.id}>{p.name}</li>
      ))}
    </ul>
  );
}
