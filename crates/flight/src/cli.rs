//! The `flight` command line (a module of the binary, not of the library): what to
//! read, and the table or JSON it prints.

use std::io::{Read as _, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use serde_json::{json, Value};

use flight::capture::{self, Exchange};
use flight::reply;
use flight::value::Reply;
use flight::view::{self, RowView, Source};

/// Print the rows of a React Flight payload, with their meaning, references and
/// arrival times, and decode Server Action calls.
#[derive(Debug, clap::Parser)]
#[command(name = "flight", version)]
pub struct Args {
    /// A transcript (`examples/*/transcripts/*.json`, `reference/nextjs/transcripts/**.json`),
    /// a HAR file, or `-` to read standard input (a transcript, a HAR file, or a raw
    /// payload, page or reply; see `--as`).
    pub input: PathBuf,

    /// Print JSON instead of a table: one object per exchange with its rows, each
    /// with a `kind`, and the decoded action arguments.
    #[arg(long)]
    pub json: bool,

    /// What raw standard input is: `payload` (a text/x-component body), `html` (a page
    /// with inline flight data), `reply` (a Server Action request body) or `auto`
    /// (a transcript or HAR file if it is one, a page if it starts with `<`, else a payload).
    #[arg(long = "as", value_enum, default_value_t = RawKind::Auto)]
    pub raw: RawKind,

    /// The Content-Type of a raw reply (`--as reply`), e.g.
    /// `multipart/form-data; boundary=…`; without it the body is read as JSON text.
    #[arg(long, default_value = "text/plain;charset=UTF-8")]
    pub content_type: String,

    /// Exit with status 1 if a row is unknown, a reference points to a row that was
    /// never sent, or the action arguments do not decode (the table still prints).
    #[arg(long)]
    pub strict: bool,
}

/// The kinds of raw input `--as` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RawKind {
    Auto,
    Payload,
    Html,
    Reply,
}

/// Reads the input and prints what it holds.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<()> {
    let (bytes, from_stdin) = read_input(args)?;
    let raw = args.raw;
    if from_stdin && raw != RawKind::Auto {
        return print_raw(args, raw, &bytes, out);
    }
    let text = std::str::from_utf8(&bytes).ok();
    let looks_like_json = text.is_some_and(|t| t.trim_start().starts_with('{'));
    if from_stdin && !looks_like_json {
        let kind = if text.is_some_and(|t| t.trim_start().starts_with('<')) {
            RawKind::Html
        } else {
            RawKind::Payload
        };
        return print_raw(args, kind, &bytes, out);
    }
    let text = text.context("the input is not UTF-8 text; a transcript or HAR file is JSON")?;
    let exchanges =
        capture::load(text).with_context(|| format!("cannot read {}", args.input.display()))?;
    let reports: Vec<Value> = exchanges.iter().map(report).collect();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "exchanges": reports }))?
        )?;
    } else {
        for (exchange, report) in exchanges.iter().zip(&reports) {
            print_exchange(exchange, report, out)?;
        }
    }
    check_strict(args, &reports)
}

/// With `--strict`, turns problems found in the reports into an error.
fn check_strict(args: &Args, reports: &[Value]) -> Result<()> {
    if !args.strict {
        return Ok(());
    }
    let mut problems = 0;
    for report in reports {
        for row in report["rows"].as_array().into_iter().flatten() {
            let unknown = row["kind"] == "unknown";
            let dangling = row["dangling"].as_array().map_or(0, Vec::len);
            problems += usize::from(unknown) + dangling;
        }
        problems += usize::from(report["action"].get("error").is_some());
        problems += usize::from(report.get("error").is_some());
    }
    if problems > 0 {
        anyhow::bail!(
            "{problems} problem(s) found: unknown rows, references to rows never sent, \
             or arguments that do not decode (see above)"
        );
    }
    Ok(())
}

fn read_input(args: &Args) -> Result<(Vec<u8>, bool)> {
    if args.input.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return Ok((bytes, true));
    }
    let bytes = std::fs::read(&args.input).with_context(|| {
        format!(
            "cannot read {}; give a transcript (.json), a HAR file (.har), or `-` for standard input",
            args.input.display()
        )
    })?;
    Ok((bytes, false))
}

/// A raw payload, page or reply from standard input.
fn print_raw(args: &Args, kind: RawKind, bytes: &[u8], out: &mut dyn Write) -> Result<()> {
    let exchange = match kind {
        RawKind::Reply => {
            let reply = reply::decode_http(&args.content_type, bytes)
                .context("the reply does not decode")?;
            let arguments = arguments(&reply);
            if args.json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&json!({ "arguments": arguments }))?
                )?;
            } else {
                print_arguments(&arguments, out)?;
            }
            return Ok(());
        }
        RawKind::Html => Exchange::raw("text/html", bytes),
        _ => Exchange::raw("text/x-component", bytes),
    };
    run_one(args, &exchange, out)
}

fn run_one(args: &Args, exchange: &Exchange, out: &mut dyn Write) -> Result<()> {
    let report = report(exchange);
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "exchanges": [report] }))?
        )?;
    } else {
        print_exchange(exchange, &report, out)?;
    }
    check_strict(args, std::slice::from_ref(&report))
}

/// Everything known about one exchange, as JSON (also what the table prints).
fn report(exchange: &Exchange) -> Value {
    let mut report = json!({
        "name": exchange.name,
        "method": exchange.method,
        "path": exchange.path,
        "status": exchange.status,
        "content_type": exchange.response_header("content-type"),
        "chunks": exchange.chunks.len(),
    });
    if let Some(action) = exchange.request_header("next-action") {
        let content_type = exchange
            .request_header("content-type")
            .unwrap_or("text/plain");
        report["action"] = match reply::decode_http(content_type, &exchange.request_body) {
            Ok(reply) => json!({ "id": action, "arguments": arguments(&reply) }),
            Err(_) if exchange.request_truncated => {
                json!({ "id": action, "error": "the recorder kept only the start of the request body" })
            }
            Err(e) => json!({ "id": action, "error": e.to_string() }),
        };
        if let Some(info) = flight::action_id::read_action_id(action) {
            report["action"]["id_meaning"] = json!(info.explain());
            report["action"]["id_info"] = json!(info);
        }
    }
    match view::response_rows(exchange) {
        Ok(Some((source, rows))) => {
            report["source"] = json!(source);
            report["rows"] = json!(rows);
        }
        Ok(None) => {}
        Err(e) => report["error"] = json!(e.to_string()),
    }
    report
}

fn arguments(reply: &Reply) -> Vec<Value> {
    reply
        .arguments()
        .into_iter()
        .map(|id| {
            json!({
                "typeof": reply.type_of(id),
                "string": reply.js_string(id),
                "debug": reply.debug(id),
                "value": reply.describe(id),
            })
        })
        .collect()
}

fn print_exchange(exchange: &Exchange, report: &Value, out: &mut dyn Write) -> Result<()> {
    let status = exchange
        .status
        .map(|s| s.to_string())
        .unwrap_or_else(|| "?".into());
    let content_type = exchange
        .response_header("content-type")
        .unwrap_or("no content type");
    if !exchange.method.is_empty() {
        writeln!(
            out,
            "{} {} → {status} ({content_type})",
            exchange.method, exchange.path
        )?;
    }
    if let Some(action) = report.get("action") {
        writeln!(
            out,
            "Server Action {}",
            action["id"].as_str().unwrap_or("?")
        )?;
        if let Some(meaning) = action["id_meaning"].as_str() {
            writeln!(out, "  {meaning}")?;
        }
        match action.get("arguments").and_then(Value::as_array) {
            Some(arguments) => print_arguments(arguments, out)?,
            None => writeln!(
                out,
                "  arguments do not decode: {}",
                action["error"].as_str().unwrap_or("?")
            )?,
        }
    }
    if let Some(error) = report.get("error").and_then(Value::as_str) {
        writeln!(out, "  the inline flight data does not read: {error}")?;
    }
    let Ok(Some((source, rows))) = view::response_rows(exchange) else {
        writeln!(out, "  (no Flight rows in this response)\n")?;
        return Ok(());
    };
    let source = match source {
        Source::InlineScripts => "from the page's self.__next_f scripts",
        Source::Body => "in the body",
    };
    let chunks = if exchange.chunks.is_empty() {
        "chunk times unknown".to_owned()
    } else {
        format!("{} chunks", exchange.chunks.len())
    };
    writeln!(out, "{} rows {source}, {chunks}", rows.len())?;
    print_rows(&rows, out)?;
    writeln!(out)?;
    Ok(())
}

fn print_arguments(arguments: &[Value], out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "  {} argument{}:",
        arguments.len(),
        if arguments.len() == 1 { "" } else { "s" }
    )?;
    for (i, argument) in arguments.iter().enumerate() {
        writeln!(
            out,
            "  [{i}] {}  (typeof {}, String(): {})",
            argument["debug"].as_str().unwrap_or(""),
            argument["typeof"].as_str().unwrap_or(""),
            shorten(argument["string"].as_str().unwrap_or(""), 60),
        )?;
    }
    Ok(())
}

fn print_rows(rows: &[RowView], out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "{:<5} {:<22} {:>5} {:>8}  {:<70} REFERENCES",
        "ROW", "KIND", "CHUNK", "T(ms)", "MEANING"
    )?;
    for row in rows {
        let kind = serde_json::to_value(row.kind)?
            .as_str()
            .unwrap_or("?")
            .to_owned();
        let kind = match &row.tag {
            Some(tag) => format!("{kind} ({tag})"),
            None => kind,
        };
        let references: Vec<String> = row
            .references
            .iter()
            .filter(|r| r.target.is_some())
            .map(|r| {
                let missing = if row.dangling.contains(&r.text) {
                    " MISSING"
                } else {
                    ""
                };
                format!("{}{missing}", r.text)
            })
            .chain(row.referenced_by.iter().map(|from| format!("←{from}")))
            .collect();
        writeln!(
            out,
            "{:<5} {:<22} {:>5} {:>8}  {:<70} {}",
            row.id.as_deref().unwrap_or("?"),
            kind,
            row.chunk
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            row.t_ms
                .map(|t| format!("{t:.1}"))
                .unwrap_or_else(|| "-".into()),
            shorten(&row.meaning, 70),
            shorten(&references.join(" "), 60),
        )?;
    }
    Ok(())
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn run_on(args: &[&str]) -> Result<String> {
        let args = Args::try_parse_from(std::iter::once("flight").chain(args.iter().copied()))?;
        let mut out = Vec::new();
        run(&args, &mut out)?;
        Ok(String::from_utf8(out)?)
    }

    fn repository(path: &str) -> String {
        format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_real_action_answer_prints_rows_and_decoded_arguments() {
        let path = repository(
            "reference/nextjs/transcripts/next-16.4.6/server-actions/06-js-add-entry.json",
        );
        let table = run_on(&[&path]).unwrap();
        assert!(
            table.contains("Server Action 40fb502ec5f7ed86816baf09034ab7f9934f8498ea"),
            "{table}"
        );
        assert!(table.contains("FormData {"), "{table}");
        assert!(
            table.contains("first byte 40: a Server Action that reads argument 1"),
            "{table}"
        );
        assert!(table.contains("client_reference (I)"), "{table}");
        let json: Value = serde_json::from_str(&run_on(&["--json", &path]).unwrap()).unwrap();
        let exchange = &json["exchanges"][0];
        assert_eq!(
            exchange["action"]["arguments"][0]["string"],
            "[object FormData]"
        );
        assert!(exchange["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"].is_string()));
    }

    #[test]
    fn strict_mode_fails_on_unknown_rows_and_missing_references() {
        let dir = std::env::temp_dir().join(format!("flight-cli-strict-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let transcript = |body: &str| {
            json!({
                "request": {"method": "GET", "path": "/", "headers": [], "body": {"size": 0}},
                "response": {"status": 200, "headers": [["content-type", "text/x-component"]],
                    "body": {"size": body.len(), "text": body}},
            })
            .to_string()
        };
        let good = dir.join("good.json");
        std::fs::write(&good, transcript("0:[\"$L1\"]\n1:null\n")).unwrap();
        let bad = dir.join("bad.json");
        std::fs::write(&bad, transcript("0:[\"$L1\"]\n2:Q\n")).unwrap();
        assert!(run_on(&["--strict", good.to_str().unwrap()]).is_ok());
        let error = run_on(&["--strict", bad.to_str().unwrap()])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("2 problem(s)"), "{error}");
        assert!(
            run_on(&[bad.to_str().unwrap()]).is_ok(),
            "without --strict problems only print"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_and_wrong_files_say_what_was_expected() {
        let missing = run_on(&["/nonexistent/x.json"]).unwrap_err().to_string();
        assert!(missing.contains("give a transcript"), "{missing}");
        let dir = std::env::temp_dir().join(format!("flight-cli-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let not_json = dir.join("a.json");
        std::fs::write(&not_json, "hello").unwrap();
        let error = format!("{:#}", run_on(&[not_json.to_str().unwrap()]).unwrap_err());
        assert!(error.contains("not JSON"), "{error}");
        std::fs::write(&not_json, "{\"a\":1}").unwrap();
        let error = format!("{:#}", run_on(&[not_json.to_str().unwrap()]).unwrap_err());
        assert!(error.contains("neither a transcript"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
