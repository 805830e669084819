'use client';
// Way 4: a client component calls a Server Action like an async function.
import { useState, useTransition } from 'react';
import { PRODUCTS } from '../../../lib/cart';
import { addToCartFromClient } from '../actions';

// ANCHOR: buttons
export default function AddButtons({ initialCount }: { initialCount: number }) {
  const [count, setCount] = useState(initialCount);
  const [message, setMessage] = useState('');
  const [pending, startTransition] = useTransition();
  const add = (productId: string) =>
    startTransition(async () => {
      const result = await addToCartFromClient(productId, 1);
      if (result.ok) {
        setCount(result.cart.count);
        setMessage(`Added ${productId}.`);
      } else {
        setMessage(result.error);
      }
    });
  return (
    <div>
      {PRODUCTS.map((product) => (
        <button key={product.id} disabled={pending} onClick={() => add(product.id)}>
          {`Add ${product.name}`}
        </button>
      ))}
      <output>{`${count} in cart. ${message}`}</output>
    </div>
  );
}
// ANCHOR_END: buttons
