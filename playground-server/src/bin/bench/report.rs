//! `BENCHMARKS.md`: one section per kind of run, each replaced by the next such run,
//! with the command that produced it and the machine it ran on.

use std::path::Path;

const HEADER: &str = "# Benchmarks\n\nWritten by `cargo run --release -p playground-server --bin bench` (`just bench`) and \
`... --bin bench -- --load` (`just load`). All traffic stays on 127.0.0.1. The playground is a release \
build; the examples are the debug builds its supervisor makes. Figures from a shared machine are noisy: \
compare the rows of one run with each other.\n";

/// One section: what ran, where, and the figures.
pub fn section(command: &str, figures: &str) -> String {
    format!(
        "Command: `{command}`\n\nMachine: {}\n\n{figures}",
        machine()
    )
}

/// Replaces (or appends) the section `name` of `path`, between its markers.
pub fn write_section(path: &Path, name: &str, text: &str) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| HEADER.to_owned());
    let title = match name {
        "load" => "## A class of browsers (`just load`)",
        "load-classroom" => "## A class of browsers in classroom mode (`just load --classroom`)",
        _ => "## Proxy, send, builds and memory (`just bench`)",
    };
    std::fs::write(
        path,
        replace_section(&old, name, &format!("{title}\n\n{text}")),
    )
}

fn replace_section(document: &str, name: &str, text: &str) -> String {
    let (start, end) = (format!("<!-- {name} -->"), format!("<!-- /{name} -->"));
    let block = format!("{start}\n{}\n{end}", text.trim_end());
    match (document.find(&start), document.find(&end)) {
        (Some(s), Some(e)) if s < e => {
            format!("{}{block}{}", &document[..s], &document[e + end.len()..])
        }
        _ => format!("{}\n{block}\n", document.trim_end()),
    }
}

/// CPU, cores, kernel and date, from what Linux exposes.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!("Linux {}", k.trim()))
        .unwrap_or_else(|_| std::env::consts::OS.to_owned());
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores available, {kernel}; {date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_and_others_kept() {
        let doc = replace_section("# B\n", "bench", "one");
        let doc = replace_section(&doc, "load", "two");
        let doc = replace_section(&doc, "bench", "three");
        assert_eq!(
            doc,
            "# B\n<!-- bench -->\nthree\n<!-- /bench -->\n<!-- load -->\ntwo\n<!-- /load -->\n"
        );
    }
}
