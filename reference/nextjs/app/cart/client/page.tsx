// Way 4: a server component page that hands the work to a client component.
import { getCart } from '../actions';
import AddButtons from './add-buttons';

// Always render on request: the cart changes at run time.
export const dynamic = 'force-dynamic';

export default async function ClientCartPage() {
  const cart = await getCart();
  return (
    <main>
      <h1>Cart (client)</h1>
      <AddButtons initialCount={cart.count} />
    </main>
  );
}
