// MISTAKE: the Delete button is hidden from non-admins, and that is the only guard.
import { cookies } from 'next/headers';
import { DeleteButton } from './delete-button';
import { isAdmin, listProducts } from './store';

export default async function AdminPage() {
  const admin = isAdmin((await cookies()).get('session')?.value);
  return (
    <main>
      <h1>Products</h1>
      <ul>
        {listProducts().map((p) => (
          <li key={p.id}>
            {p.name} {admin && <DeleteButton id={p.id} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
