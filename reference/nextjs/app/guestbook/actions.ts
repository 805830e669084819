// ANCHOR: file
'use server';
// Every export of this file becomes a Server Action callable over HTTP POST.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

// Module-level state: lives as long as the server process.
const entries: string[] = [];
let greetCalls = 0;

export async function getEntries(): Promise<string[]> {
  return entries;
}

export async function addEntry(formData: FormData) {
  entries.push(String(formData.get('name') ?? ''));
  revalidatePath('/guestbook'); // the response carries a fresh page tree
}

export async function addAndRedirect(formData: FormData) {
  entries.push(String(formData.get('name') ?? ''));
  redirect('/guestbook/thanks'); // throws; Next turns it into a redirect
}

// ANCHOR: greet
export async function greet(name: string) {
  greetCalls += 1;
  return { greeting: `Hello, ${name}!`, count: greetCalls };
}
// ANCHOR_END: greet
// ANCHOR_END: file
