import type { NextConfig } from 'next';
import path from 'node:path';

// The reference app's pages with Cache Components on: the one setting this app
// exists to show. The same pinned build id as ../nextjs; `turbopack.root` is the
// folder above, because node_modules is a symlink into ../nextjs (build.sh).
const nextConfig: NextConfig = {
  cacheComponents: true,
  generateBuildId: async () => 'RDyLhQjjpiIHxLzC-bPPV',
  turbopack: { root: path.join(__dirname, '..') },
};

export default nextConfig;
