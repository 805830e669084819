// Way 3: a server component page whose form calls a Server Action.
import { PRODUCTS } from '../../lib/cart';
import { addToCart, getCart } from './actions';

// Always render on request: the cart changes at run time.
export const dynamic = 'force-dynamic';

// ANCHOR: page
export default async function CartPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const { error } = await searchParams;
  const cart = await getCart();
  return (
    <main>
      <h1>Cart</h1>
      {error && <p role="alert">{error}</p>}
      <ul>
        {cart.lines.map((line) => (
          <li key={line.productId}>{`${line.quantity} × ${line.productId}`}</li>
        ))}
      </ul>
      <form action={addToCart}>
        <select name="productId">
          {PRODUCTS.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
        <input name="quantity" type="number" min={1} max={99} defaultValue={1} />
        <button type="submit">Add to cart</button>
      </form>
    </main>
  );
}
// ANCHOR_END: page
