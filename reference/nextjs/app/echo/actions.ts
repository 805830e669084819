'use server';
// Echo: returns its argument unchanged. What comes back shows how React's Flight
// server writes each JavaScript type, after decodeReply has read what the browser sent.

export async function echo(value: unknown) {
  return value;
}
