// Guestbook: forms bound to Server Actions, plus a client-side action call.
import { addAndRedirect, addEntry, getEntries } from './actions';
import GreetButton from './greet-button';

// Always render on request: the list changes at run time.
export const dynamic = 'force-dynamic';

// ANCHOR: inline_action
export default async function GuestbookPage() {
  const entries = await getEntries();
  const renderedAt = new Date().toISOString();

  // Inline action: it closes over `renderedAt`, so Next must ship that value
  // to the browser (encrypted) and get it back with the form post.
  async function addNote(formData: FormData) {
    'use server';
    console.log('note', formData.get('note'), 'from render at', renderedAt);
  }
// ANCHOR_END: inline_action

  return (
    <main>
      <h1>Guestbook</h1>
      <ul>
        {entries.map((entry, i) => (
          <li key={i}>{entry}</li>
        ))}
      </ul>

      <form action={addEntry}>
        <input name="name" />
        <button type="submit">Add</button>
      </form>

      <form action={addAndRedirect}>
        <input name="name" />
        <button type="submit">Add and redirect</button>
      </form>

      <form action={addNote}>
        <input name="note" />
        <button type="submit">Add note</button>
      </form>

      <GreetButton />
    </main>
  );
}
