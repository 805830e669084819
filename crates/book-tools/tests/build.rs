//! Builds a small fixture book in-process and checks what the reader gets.

mod support;

use std::path::{Path, PathBuf};
use support::fixture_copy;

/// Builds the book at `root` into `root/out`: the folder, or the error's full text.
fn build(root: &Path) -> Result<PathBuf, String> {
    let out = root.join("out");
    book_tools::build_book(root, &out, &book_tools::BuildOptions::default())
        .map(|()| out)
        .map_err(|error| format!("{error:#}"))
}

#[test]
fn admonitions_render_and_panels_carry_their_transcript() {
    let book = fixture_copy();
    let root = book.path();
    let out = build(root).unwrap();
    let html = std::fs::read_to_string(out.join("chapter.html")).unwrap();

    assert!(
        html.contains("class=\"admonition admonish-note\""),
        "admonish did not run"
    );
    assert_eq!(html.matches("data-traffic-panel=\"demo/hello\"").count(), 2);
    // The transcript travels inside the page, and cannot close its <script> early.
    let data = first_panel_data(&html);
    assert_eq!(data["ours"]["request"]["path"], "/hello");
    assert_eq!(
        data["ours"]["response"]["body"]["text"],
        "<p>hi</p></script><b>tricky</b>\n"
    );
    assert_eq!(data["title"], "GET /hello");
    assert!(data["next"].is_null());
    // The exchange is in the page once: without JavaScript a one-line summary says
    // what was recorded and where the whole recording is.
    assert!(html
        .contains("<noscript><p class=\"traffic-static\">Recorded: GET /hello answered 200 OK."));
    assert!(html.contains("examples/demo/transcripts/hello.json"));
    assert_eq!(html.matches("tricky").count(), 2, "one copy per panel");
    // A directive inside inline code is left as text.
    assert!(html.contains("{{#traffic demo/not-recorded}}"));
}

/// The first panel's JSON data in a built chapter.
fn first_panel_data(html: &str) -> serde_json::Value {
    all_panel_data(html).remove(0)
}

#[test]
fn panels_carry_curl_and_har_pointing_at_the_playground_that_serves_them() {
    let book = fixture_copy();
    let root = book.path();
    let out = build(root).unwrap();
    let data = first_panel_data(&std::fs::read_to_string(out.join("chapter.html")).unwrap());
    let curl = data["exports"]["ours"]["curl"].as_str().unwrap();
    assert_eq!(curl, "curl -i \\\n  'http://127.0.0.1:3000/x/demo/hello'");
    let har = &data["exports"]["ours"]["har"]["log"]["entries"][0];
    assert_eq!(har["request"]["url"], "http://127.0.0.1:3000/x/demo/hello");
    // The body is not repeated: the HAR refers to the panel's exchange for it.
    assert_eq!(
        har["response"]["content"]["text"],
        serde_json::json!({ "$body": "response" })
    );
    assert!(data["exports"]["next"].is_null());

    // A playground on another port builds its book with its own address.
    let options = book_tools::BuildOptions {
        playground_origin: Some("http://127.0.0.1:4567".to_owned()),
        ..Default::default()
    };
    let elsewhere = root.join("elsewhere");
    book_tools::build_book(root, &elsewhere, &options).unwrap();
    let data = first_panel_data(&std::fs::read_to_string(elsewhere.join("chapter.html")).unwrap());
    let curl = data["exports"]["ours"]["curl"].as_str().unwrap();
    assert!(
        curl.contains("'http://127.0.0.1:4567/x/demo/hello'"),
        "{curl}"
    );
}

#[test]
fn a_missing_transcript_fails_the_build_naming_chapter_and_line() {
    let book = fixture_copy();
    let root = book.path();
    std::fs::remove_file(root.join("examples/demo/transcripts/hello.json")).unwrap();
    let message = build(root).unwrap_err();
    assert!(message.contains("src/chapter.md:9"), "{message}");
    assert!(
        message.contains("no transcript for demo/hello"),
        "{message}"
    );
    assert!(
        message.contains("cargo run -p traffic --bin record -- demo --only hello"),
        "{message}"
    );
}

#[test]
fn a_quiz_renders_with_its_questions_as_json() {
    let book = fixture_copy();
    let root = book.path();
    let out = build(root).unwrap();
    let html = std::fs::read_to_string(out.join("chapter.html")).unwrap();

    assert!(
        html.contains("<div class=\"quiz\" data-quiz=\"demo\">"),
        "no quiz"
    );
    let start = html.find("class=\"quiz-data\">").unwrap() + "class=\"quiz-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["name"], "demo");
    // Markdown is rendered, and the `<p>` in a choice cannot end the script early.
    assert_eq!(
        data["questions"][0]["prompt"],
        "What does <code>GET /hello</code> answer?"
    );
    assert_eq!(
        data["questions"][0]["choices"][1],
        "The page <code>&lt;p&gt;hi&lt;/p&gt;</code>"
    );
    assert_eq!(data["questions"][0]["answer"], 1);
    // Without JavaScript the questions are a plain list.
    assert!(html.contains("<noscript><ol class=\"quiz-static\">"));
}

#[test]
fn a_broken_quiz_fails_the_build_and_check_naming_the_file() {
    let book = fixture_copy();
    let root = book.path();
    let quiz = root.join("book-data/quizzes/demo.toml");
    let text = std::fs::read_to_string(&quiz).unwrap();
    std::fs::write(&quiz, text.replace("answer = 1", "answer = 2")).unwrap();
    let message = build(root).unwrap_err();
    assert!(message.contains("src/chapter.md:"), "{message}");
    assert!(
        message.contains("book-data/quizzes/demo.toml: question 1: answer = 2"),
        "{message}"
    );
    // `check` reports it too (its report names files from the book's root).
    std::fs::write(&quiz, "[[question]\nprompt = ").unwrap();
    let report = book_tools::check::check(root).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("quizzes/demo.toml: not a valid quiz")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_real_book_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let report = book_tools::check::check(&root).unwrap();
    assert!(
        report.problems.is_empty(),
        "book check found problems:\n{}",
        report.problems.join("\n")
    );
    assert!(report.chapters >= 5, "only {} chapters", report.chapters);
    assert!(report.panels >= 4, "only {} panels", report.panels);
}

#[test]
fn front_matter_never_reaches_the_reader_and_feeds_the_schedule() {
    let book = fixture_copy();
    let root = book.path();
    // A second chapter, in a folder of its own and a part of its own, draws the timetable.
    std::fs::create_dir_all(root.join("src/workshop")).unwrap();
    std::fs::write(
        root.join("src/workshop/schedule.md"),
        "---\nminutes: 5\n---\n# Schedule\n\n{{#schedule}}\n",
    )
    .unwrap();
    let summary = std::fs::read_to_string(root.join("src/SUMMARY.md")).unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        format!("{summary}\n# Workshop\n\n- [Schedule](workshop/schedule.md)\n"),
    )
    .unwrap();
    let out = build(root).unwrap();

    for page in ["chapter.html", "workshop/schedule.html", "print.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("minutes:"), "front matter shows in {page}");
        assert!(
            !html.contains("<hr"),
            "a front matter fence became a rule in {page}"
        );
    }
    let schedule = std::fs::read_to_string(out.join("workshop/schedule.html")).unwrap();
    assert!(schedule.contains("<table>"), "{schedule}");
    // mdBook turns the relative .md link into the page's .html address.
    assert!(
        schedule.contains("<a href=\"../chapter.html\">Chapter</a>"),
        "{schedule}"
    );
    assert!(schedule.contains("<em>Break</em>"), "{schedule}");
    assert!(
        schedule.contains("The day lasts 0 h 30 min (30 minutes)"),
        "{schedule}"
    );
}

#[test]
fn check_names_a_chapter_without_minutes() {
    let book = fixture_copy();
    let root = book.path();
    let chapter = root.join("src/chapter.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let body = book_tools::frontmatter::split(&text).body.to_owned();
    std::fs::write(&chapter, body).unwrap();
    // Without minutes the book still builds: only check complains.
    build(root).unwrap();
    let report = book_tools::check::check(root).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with("book/chapter.md: no front matter")),
        "{:?}",
        report.problems
    );
}

#[test]
fn check_follows_links_to_their_anchors() {
    let book = fixture_copy();
    let root = book.path();
    std::fs::write(
        root.join("src/second.md"),
        "---\nminutes: 5\n---\n# Second\n\n## Body limits\n\n\
         [good](chapter.md#chapter), [here](#body-limits), [bad](chapter.md#nowhere), \
         [near miss](#body-limit), [no file](missing.md#x)\n",
    )
    .unwrap();
    let summary = root.join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(&summary, format!("{text}- [Second](second.md)\n")).unwrap();

    let report = book_tools::check::check(root).unwrap();
    let problems = report.problems.join("\n");
    assert_eq!(report.problems.len(), 3, "{problems}");
    assert!(
        problems.contains("link to chapter.md#nowhere: book/chapter.md has no heading or element with id \"nowhere\""),
        "{problems}"
    );
    assert!(
        problems.contains("link to #body-limit: book/second.md has no heading or element with id \"body-limit\" (did you mean #body-limits?)"),
        "{problems}"
    );
    assert!(
        problems.contains("link to missing.md#x points to a missing file"),
        "{problems}"
    );
}

/// Lists a required source that is not there, as a fresh clone without `npm ci` has it.
fn require_a_missing_source(root: &Path) {
    std::fs::write(
        root.join("book-data/sources.txt"),
        "required: node_modules/next/dist/docs/\n",
    )
    .unwrap();
}

#[test]
fn a_missing_required_source_fails_check_under_ci_only() {
    let book = fixture_copy();
    let root = book.path();
    require_a_missing_source(root);

    let ci = book_tools::check::Options { in_ci: true };
    let report = book_tools::check::check_with(root, ci).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("needs node_modules/next/dist/docs/, which is not here"),
        "{}",
        report.problems[0]
    );

    let local = book_tools::check::Options { in_ci: false };
    let report = book_tools::check::check_with(root, local).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.sources_skipped,
        ["node_modules/next/dist/docs/ (not on this machine)"]
    );
}

#[test]
fn the_check_command_exits_with_an_error_when_ci_is_set_and_a_required_source_is_missing() {
    let book = fixture_copy();
    let root = book.path();
    require_a_missing_source(root);
    let run = |ci: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_book-tools"));
        command
            .arg("check")
            .arg("--root")
            .arg(root)
            .env_remove("CI");
        if ci {
            command.env("CI", "true");
        }
        command.output().unwrap()
    };

    let in_ci = run(true);
    let stderr = String::from_utf8_lossy(&in_ci.stderr);
    assert!(!in_ci.status.success(), "{stderr}");
    assert!(stderr.contains("1 problems"), "{stderr}");
    assert!(stderr.contains("npm ci"), "{stderr}");

    let locally = run(false);
    let stderr = String::from_utf8_lossy(&locally.stderr);
    assert!(locally.status.success(), "{stderr}");
    assert!(
        stderr.contains("originality: skipped node_modules"),
        "{stderr}"
    );
}

/// The JSON inside the first `<script class="{class}">` of a built page.
fn script_json(html: &str, class: &str) -> serde_json::Value {
    let marker = format!("class=\"{class}\">");
    let start = html.find(&marker).unwrap() + marker.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn a_predict_the_wire_question_shows_the_recorded_request_and_reveals_the_response() {
    let book = fixture_copy();
    let root = book.path();
    let quiz = root.join("book-data/quizzes/demo.toml");
    let text = std::fs::read_to_string(&quiz).unwrap();
    std::fs::write(&quiz, format!("{text}panel = \"demo/hello\"\n")).unwrap();
    let out = build(root).unwrap();
    let html = std::fs::read_to_string(out.join("chapter.html")).unwrap();

    let data = script_json(&html, "quiz-data");
    let predict = &data["questions"][0]["predict"];
    assert_eq!(predict["panel"], "demo/hello");
    assert_eq!(predict["source"], "our example");
    let request = predict["request"].as_str().unwrap();
    assert!(request.starts_with("GET /hello HTTP/1.1\n"), "{request}");
    let response = predict["response"].as_str().unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\n"), "{response}");
    assert!(response.contains("<p>hi</p>"), "{response}");
    // Without JavaScript: the request under the prompt, the response in the answer.
    assert!(html.contains("<pre class=\"quiz-request\">GET /hello HTTP/1.1"));
    assert!(html
        .contains("<p>Recorded from our example:</p><pre class=\"quiz-response\">HTTP/1.1 200 OK"));
}

#[test]
fn a_predict_question_without_a_recording_fails_build_and_check() {
    let book = fixture_copy();
    let root = book.path();
    let quiz = root.join("book-data/quizzes/demo.toml");
    let text = std::fs::read_to_string(&quiz).unwrap();
    std::fs::write(&quiz, format!("{text}panel = \"demo/not-recorded\"\n")).unwrap();

    let message = build(root).unwrap_err();
    assert!(
        message.contains("book-data/quizzes/demo.toml: question 1: panel = \"demo/not-recorded\""),
        "{message}"
    );
    let report = book_tools::check::check(root).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("demo.toml: question 1: panel")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_review_page_lists_every_quiz_with_a_link_to_its_chapter() {
    let book = fixture_copy();
    let root = book.path();
    std::fs::create_dir_all(root.join("src/workshop")).unwrap();
    std::fs::write(
        root.join("src/workshop/review.md"),
        "---\nminutes: 5\n---\n# Review\n\n{{#quiz-review all}}\n",
    )
    .unwrap();
    let summary = root.join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(&summary, format!("{text}- [Review](workshop/review.md)\n")).unwrap();
    let out = build(root).unwrap();

    let html = std::fs::read_to_string(out.join("workshop/review.html")).unwrap();
    let data = script_json(&html, "quiz-review-data");
    let quizzes = data["quizzes"].as_array().unwrap();
    assert_eq!(quizzes.len(), 1, "{data}");
    assert_eq!(quizzes[0]["name"], "demo");
    assert_eq!(quizzes[0]["chapter"], "Chapter");
    assert_eq!(quizzes[0]["href"], "../chapter.html");
    assert_eq!(
        quizzes[0]["questions"][0]["prompt"],
        "What does <code>GET /hello</code> answer?"
    );
    assert!(html.contains("1 quizzes, 1 questions"), "no fallback text");
}

/// The fixture's `demo/hello` as if recorded from Next.js `version`, with `headers`
/// added to its answer.
fn record_version(root: &Path, version: &str, headers: &[(&str, &str)]) {
    let ours = root.join("examples/demo/transcripts/hello.json");
    let mut exchange: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ours).unwrap()).unwrap();
    let list = exchange["response"]["headers"].as_array_mut().unwrap();
    list.extend(headers.iter().map(|(n, v)| serde_json::json!([n, v])));
    let dir = root.join(format!("reference/nextjs/transcripts/next-{version}/demo"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hello.json"), exchange.to_string()).unwrap();
}

fn add_to_chapter(root: &Path, text: &str) {
    let file = root.join("src/chapter.md");
    let chapter = std::fs::read_to_string(&file).unwrap();
    std::fs::write(file, format!("{chapter}\n{text}\n")).unwrap();
}

/// Every panel's JSON data in a built chapter.
fn all_panel_data(html: &str) -> Vec<serde_json::Value> {
    let marker = "class=\"traffic-data\">";
    html.match_indices(marker)
        .map(|(at, _)| {
            let start = at + marker.len();
            let end = start + html[start..].find("</script>").unwrap();
            serde_json::from_str(&html[start..end]).unwrap()
        })
        .collect()
}

#[test]
fn a_version_diff_panel_carries_both_recordings_and_what_differs() {
    let book = fixture_copy();
    let root = book.path();
    record_version(root, "1.0.0", &[("x-nextjs-cache", "HIT")]);
    record_version(root, "2.0.0", &[]);
    add_to_chapter(root, "{{#traffic-diff demo/hello next-1.0.0 next-2.0.0}}");
    let html = std::fs::read_to_string(build(root).unwrap().join("chapter.html")).unwrap();

    let panels = all_panel_data(&html);
    let versions: Vec<_> = panels.iter().filter(|d| d["versions"] == true).collect();
    assert_eq!(
        versions.len(),
        1,
        "one version panel among {}",
        panels.len()
    );
    let data = versions[0];
    assert_eq!(data["title"], "GET /hello: Next.js 1.0.0 and Next.js 2.0.0");
    assert_eq!(data["oursLabel"], "Next.js 1.0.0");
    assert_eq!(data["nextLabel"], "Next.js 2.0.0");
    assert_eq!(data["ours"]["response"]["headers"][1][0], "x-nextjs-cache");
    assert_eq!(data["diff"]["versions"], true);
    let items = data["diff"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["aspect"], "header:x-nextjs-cache");
    assert_eq!(items[0]["left"], "HIT");
    assert!(items[0].get("accepted").is_none());
    // Without JavaScript, the difference is still there to read.
    assert!(
        html.contains(
            "answered 200 OK under Next.js 1.0.0 and 200 OK under Next.js 2.0.0. \
             header:x-nextjs-cache: HIT vs (none)."
        ),
        "{html}"
    );
    // The ordinary panels are unchanged by it.
    let ordinary = panels.iter().filter(|d| d["versions"].is_null()).count();
    assert_eq!(ordinary, 2);
}

#[test]
fn a_version_diff_without_its_recording_fails_naming_the_label_and_line() {
    let book = fixture_copy();
    let root = book.path();
    record_version(root, "1.0.0", &[]);
    add_to_chapter(root, "{{#traffic-diff demo/hello next-1.0.0 next-9.9.9}}");
    let message = build(root).unwrap_err();
    assert!(message.contains("src/chapter.md:"), "{message}");
    assert!(
        message.contains("no transcript of demo/hello from next-9.9.9"),
        "{message}"
    );
    assert!(message.contains("Older versions"), "{message}");
}
