'use server';
// A slow action that reports when it started and finished, in server time (ms).
export async function slowStep(label: string) {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { label, started, finished: Date.now() };
}
