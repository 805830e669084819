// The page whose client component fetches its list with a Server Action.
import ProductList from './product-list';

export const dynamic = 'force-dynamic';

export default function ProductsPage() {
  return (
    <main>
      <h1>Products</h1>
      <ProductList />
    </main>
  );
}
