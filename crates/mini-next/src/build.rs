//! What one `next build` fixes for every page and action of an app.
//!
//! Next.js makes a fresh build id and a fresh encryption key at every build. The
//! reference app pins both (`reference/nextjs/build.sh` and `next.config.ts`), so a
//! rebuild keeps every recorded transcript valid, and the model copies them, so that
//! our action ids and row 0 equal the real ones.

/// The build id (`.next/BUILD_ID`), sent as `"b"` in row 0 of every flight payload.
/// The client router compares it with its own and reloads the page when they differ
/// (a new deployment).
pub const BUILD_ID: &str = "RDyLhQjjpiIHxLzC-bPPV";

/// The build's `encryptionKey` (`NEXT_SERVER_ACTIONS_ENCRYPTION_KEY`), which Next.js
/// also uses as the salt of action ids ([`crate::server_actions::action_id`]).
pub const ENCRYPTION_KEY: &str = "gTrPU+NNee3nHZJ92XVFhEoQP07O8DRassGAtrz+RIg=";
