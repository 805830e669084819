// The page whose button calls slowStep twice with Promise.all.
import TwoSteps from './two-steps';

export const dynamic = 'force-dynamic';

export default function ParallelPage() {
  return (
    <main>
      <h1>Two steps</h1>
      <TwoSteps />
    </main>
  );
}
