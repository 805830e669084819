import type { NextConfig } from 'next';
import path from 'node:path';

// The same pinned build id as ../nextjs, so row 0 of every flight payload says the
// same "b" and the Rust model needs one constant for both apps. `turbopack.root` is
// the folder above, because node_modules is a symlink into ../nextjs (build.sh).
const nextConfig: NextConfig = {
  generateBuildId: async () => 'RDyLhQjjpiIHxLzC-bPPV',
  turbopack: { root: path.join(__dirname, '..') },
};

export default nextConfig;
