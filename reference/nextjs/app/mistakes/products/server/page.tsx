// FIX for a page: a Server Component reads the data while it renders.
// The list travels inside the page's own RSC payload; no action is called.
import { readProducts } from '../data';

export const dynamic = 'force-dynamic';

export default function ProductsServerPage() {
  const products = readProducts();
  return (
    <main>
      <h1>Products</h1>
      <ul>
        {products.map((p) => (
          <li key={p.id}>{p.name}</li>
        ))}
      </ul>
    </main>
  );
}
