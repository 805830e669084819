import type { NextConfig } from 'next';

// Default behaviour is what we want to observe on the wire, so nothing here changes
// what Next.js sends. The one setting pins the build id, which appears in every RSC
// payload: our model copies it, and a rebuild must not change it. (Action ids stay
// stable because `build.sh` pins NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, their salt.)
const nextConfig: NextConfig = {
  generateBuildId: async () => 'RDyLhQjjpiIHxLzC-bPPV',
};

export default nextConfig;
