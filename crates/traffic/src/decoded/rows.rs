//! The Flight rows of a response, for the panel's Rows table and timeline: what
//! `flight::view` explains, plus a short excerpt of each row and, for each chunk of
//! the body, which rows it completed.

use flight::capture;
use flight::view::{self, RowView, Source};
use serde::Serialize;

/// How much of a row's text the table shows.
pub const EXCERPT_CHARS: usize = 120;

/// The rows of one response.
#[derive(Debug, Clone, Serialize)]
pub struct RowsView {
    /// `body` for a `text/x-component` answer, `inline_scripts` for an HTML page.
    pub source: Source,
    pub rows: Vec<DecodedRow>,
    /// For chunk `i` of the body, the ids of the rows it completed.
    pub chunk_rows: Vec<Vec<String>>,
}

/// One row: flight's explanation and the start of its text.
#[derive(Debug, Clone)]
pub struct DecodedRow {
    pub view: RowView,
    /// The row's content after its tag, cut at [`EXCERPT_CHARS`] (with `…`).
    pub excerpt: String,
}

/// A row as the page gets it: only what the panel draws, since every recorded panel
/// carries its rows inside the chapter's HTML.
impl Serialize for DecodedRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Reference<'a> {
            text: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            target: Option<u64>,
        }
        #[derive(Serialize)]
        struct Row<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<&'a str>,
            kind: flight::read::RowKind,
            #[serde(skip_serializing_if = "Option::is_none")]
            t_ms: Option<f64>,
            meaning: &'a str,
            references: Vec<Reference<'a>>,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            referenced_by: &'a [String],
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            dangling: &'a [String],
            excerpt: &'a str,
        }
        let view = &self.view;
        Row {
            id: view.id.as_deref(),
            kind: view.kind,
            t_ms: view.t_ms,
            meaning: &view.meaning,
            references: view
                .references
                .iter()
                .map(|r| Reference {
                    text: &r.text,
                    target: r.target,
                })
                .collect(),
            referenced_by: &view.referenced_by,
            dangling: &view.dangling,
            excerpt: &self.excerpt,
        }
        .serialize(serializer)
    }
}

/// Reads the rows of `exchange`'s response; `None` when it carries no Flight data,
/// `Err` (in words) when it should but cannot be read.
pub fn rows(exchange: &capture::Exchange) -> Result<Option<RowsView>, String> {
    let Some((source, views)) = view::response_rows(exchange).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let payload = match source {
        Source::Body => exchange.response_body.clone(),
        Source::InlineScripts => {
            let html = String::from_utf8_lossy(&exchange.response_body);
            flight::inline::extract(&html)
                .map_err(|e| e.to_string())?
                .payload
        }
    };
    let read = flight::read::read(&payload);
    let mut chunk_rows = vec![Vec::new(); exchange.chunks.len()];
    let rows = views
        .into_iter()
        .zip(&read.rows)
        .map(|(view, row)| {
            if let (Some(chunk), Some(id)) = (view.chunk, &view.id) {
                if let Some(list) = chunk_rows.get_mut(chunk) {
                    list.push(id.clone());
                }
            }
            DecodedRow {
                excerpt: excerpt(&row.payload),
                view,
            }
        })
        .collect();
    Ok(Some(RowsView {
        source,
        rows,
        chunk_rows,
    }))
}

fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_know_the_rows_they_completed() {
        let transcript = r#"{"request":{"method":"GET","path":"/","headers":[["RSC","1"]],"body":{"size":0}},
            "response":{"status":200,"headers":[["content-type","text/x-component"]],
              "body":{"size":48,"text":"0:[\"$\",\"main\",null,{\"children\":\"$L1\"}]\n1:\"late\"\n"}},
            "chunks":[{"t_ms":2,"size":39},{"t_ms":805,"size":9}]}"#;
        let exchange = &capture::load(transcript).unwrap()[0];
        let view = rows(exchange).unwrap().unwrap();
        assert_eq!(
            view.chunk_rows,
            [vec!["0".to_owned()], vec!["1".to_owned()]]
        );
        assert_eq!(view.rows[1].view.referenced_by, ["0"]);
        assert_eq!(view.rows[1].excerpt, "\"late\"");
        assert_eq!(excerpt(&"x".repeat(200)).chars().count(), EXCERPT_CHARS + 1);
        // The page gets what it draws, not the byte offsets.
        let json = serde_json::to_value(&view.rows[0]).unwrap();
        assert_eq!(
            json["references"],
            serde_json::json!([{"text": "$L1", "target": 1}])
        );
        assert!(json.get("offset").is_none());
    }
}
