//! `POST /__playground/share`: a student shares a quiz answer or an exercise's check
//! results with the class; `GET /__playground/info` tells the book whether it may.
//!
//! Sharing is on only when there is a projector to show it (an instructor token, so
//! `--classroom`): in a learner's own playground nobody would see it. Pages on other
//! sites cannot share (the host check refuses their `Origin`); what is shared must
//! name a quiz or an exercise this repository has, so nothing a student types reaches
//! the projector except the names of checks, which are bounded and on one line.

use crate::api::error;
use crate::class_answers::{ShareError, Shared};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A share is a few hundred bytes; larger bodies answer 413.
pub const SHARE_BODY_LIMIT: usize = 8 * 1024;

/// What the book's scripts ask before offering to share.
pub async fn info(State(state): State<AppState>) -> Response {
    Json(json!({ "sharing": state.instructor_token.is_some() })).into_response()
}

pub async fn share(State(state): State<AppState>, request: Request) -> Response {
    if state.instructor_token.is_none() {
        return error(
            StatusCode::NOT_FOUND,
            "sharing with the class is off: it works when the instructor starts the playground \
             with --classroom and you use their address",
        );
    }
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the share as JSON, with Content-Type: application/json",
        );
    }
    let bytes: Bytes = match axum::body::to_bytes(request.into_body(), SHARE_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("a share may be at most {SHARE_BODY_LIMIT} bytes"),
            )
        }
    };
    let shared: Shared = match serde_json::from_slice(&bytes) {
        Ok(shared) => shared,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!(
                    "expected {{\"kind\": \"quiz\", \"chapter\", \"answers\": [{{\"question\", \
                     \"chosen\": [..], \"correct\"}}]}} or {{\"kind\": \"check\", \"exercise\", \
                     \"checks\": [{{\"name\", \"passed\"}}]}}: {e}"
                ),
            )
        }
    };
    if let Err(why) = shared.validate().and_then(|()| known(&state, &shared)) {
        return error(StatusCode::BAD_REQUEST, why);
    }
    match state.answers.add(&shared) {
        Ok(()) => Json(json!({ "shared": true })).into_response(),
        Err(ShareError::Invalid(why)) => error(StatusCode::BAD_REQUEST, why),
        Err(full @ ShareError::Full) => error(StatusCode::SERVICE_UNAVAILABLE, full.to_string()),
    }
}

/// The quiz or exercise must be one of ours (its name is already validated as
/// lowercase letters, digits and '-', so it is safe in a path).
fn known(state: &AppState, shared: &Shared) -> Result<(), String> {
    match shared {
        Shared::Quiz { chapter, .. } => {
            let file = state.root.join(format!("book-data/quizzes/{chapter}.toml"));
            if file.is_file() {
                Ok(())
            } else {
                Err(format!("there is no quiz {chapter:?} in this book"))
            }
        }
        Shared::Check { exercise, .. } => {
            let folder = exercise
                .strip_prefix("exercise-")
                .map(|name| state.root.join("exercises").join(name));
            if folder.is_some_and(|f| f.is_dir()) {
                Ok(())
            } else {
                Err(format!(
                    "there is no exercise {exercise:?}: use the cargo package name, such as exercise-01-api-routes"
                ))
            }
        }
    }
}
