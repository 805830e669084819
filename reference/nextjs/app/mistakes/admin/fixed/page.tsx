// FIX: the same page, with buttons whose action checks the session itself.
import { cookies } from 'next/headers';
import { SafeDeleteButton } from '../delete-button';
import { isAdmin, listProducts } from '../store';

export default async function AdminFixedPage() {
  const admin = isAdmin((await cookies()).get('session')?.value);
  return (
    <main>
      <h1>Products</h1>
      <ul>
        {listProducts().map((p) => (
          <li key={p.id}>
            {p.name} {admin && <SafeDeleteButton id={p.id} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
