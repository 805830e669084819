//! Bad input never panics or hangs: truncated, reordered, mutated and random payloads,
//! pages and replies give unknown rows or errors. Bounded and deterministic (a small
//! xorshift generator with fixed seeds), so it runs in plain `cargo test` in well
//! under a few seconds.

use std::time::{Duration, Instant};

use flight::reply::{self, ReplyBody};
use flight::value::FormEntry;
use flight::{encode, inline, meaning, read, view};

/// xorshift64*: tiny, deterministic, good enough to shake inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes that matter to the formats: digits, tags, JSON punctuation, `$` forms.
const ALPHABET: &[u8] = b"0123456789abcdefTIHEDNJWRrXxCPAOoUSsLlGgMmVb:,\n\"[]{}$@LQWKBhin-.\\ ";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if at < bytes.len() => bytes[at] = *rng.pick(ALPHABET),
            1 => bytes.insert(at, *rng.pick(ALPHABET)),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            if rng.below(4) == 0 {
                rng.next() as u8
            } else {
                *rng.pick(ALPHABET)
            }
        })
        .collect()
}

/// Everything a reader of a payload does with it.
fn read_everything(payload: &[u8]) {
    let read = read::read(payload);
    let rows_end: usize = read.rows.iter().map(|r| r.len).sum();
    assert_eq!(rows_end, payload.len(), "rows cover the payload exactly");
    let _ = meaning::meanings(&read);
    let _ = read.dangling();
    let _ = view::explain(&read, |_| None);
}

const PAYLOAD: &str = concat!(
    "1:\"$Sreact.suspense\"\n2:I[17618,[\"$3\"],\"default\"]\n3:\"/c.js\"\n4:HL[\"/a.css\",\"style\"]\n",
    "0:{\"b\":\"x\",\"f\":[[\"$\",\"main\",null,{\"children\":[\"$L5\",[\"$\",\"$1\",null,{\"children\":\"$L6\"}]]}]]}\n",
    "5:T6,héllo7:X\n7:1\n7:C\n8:o3,abc9:E{\"digest\":\"1\"}\n6:[\"$\",\"$L2\",null,{\"a\":\"$@9\",\"m\":\"$Q3:0\"}]\n",
);

#[test]
fn payloads_truncated_anywhere_read_without_panic() {
    for cut in 0..=PAYLOAD.len() {
        read_everything(&PAYLOAD.as_bytes()[..cut]);
    }
}

#[test]
fn reordered_mutated_and_random_payloads_read_without_panic() {
    let started = Instant::now();
    let mut rng = Rng(0x5eed_f11e);
    let lines: Vec<&str> = PAYLOAD.split_inclusive('\n').collect();
    for _ in 0..3000 {
        let mut shuffled = lines.clone();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        read_everything(shuffled.concat().as_bytes());
        read_everything(&mutate(&mut rng, PAYLOAD.as_bytes()));
        let len = rng.below(200);
        read_everything(&random_bytes(&mut rng, len));
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn broken_pages_give_errors_or_rows_without_panic() {
    let html = concat!(
        "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
        "<script>self.__next_f.push([1,\"0:[\\\"$L1\\\"]\\n\"])</script>",
        "<script>self.__next_f.push([1,\"1:\\\"\\u003cb\\u003e\\\"\\n\"])</script>",
        "<script>self.__next_f.push([3,\"MjpbXQo=\"])</script>",
    );
    let mut rng = Rng(42);
    for cut in 0..=html.len() {
        if let Some(prefix) = html.get(..cut) {
            if let Ok(found) = inline::extract(prefix) {
                read_everything(&found.payload);
            }
        }
    }
    for _ in 0..2000 {
        let mutated = mutate(&mut rng, html.as_bytes());
        if let Ok(found) = inline::extract(&String::from_utf8_lossy(&mutated)) {
            read_everything(&found.payload);
        }
    }
}

/// Decoding, and everything done with a decoded value, must not panic.
fn decode_everything(body: &ReplyBody) {
    if let Ok(reply) = reply::decode(body) {
        for id in reply.arguments() {
            let _ = (reply.js_string(id), reply.type_of(id), reply.debug(id));
        }
        let _ = reply.describe(reply.root);
        let _ = encode::encode_model(&reply, reply.root, 1, 2);
    }
}

fn text_fields(fields: &[(&str, &str)]) -> Vec<(String, FormEntry)> {
    fields
        .iter()
        .map(|(n, t)| (n.to_string(), FormEntry::Text(t.to_string())))
        .collect()
}

#[test]
fn mutated_and_random_replies_decode_or_fail_without_panic() {
    let started = Instant::now();
    let mut rng = Rng(7);
    let roots = [
        r#"["$Q1","$W2","$@3","$h4","$1:0:1","$K5","$undefined","$-0","$n12","$D2026-11-30T04:00:00.000Z"]"#,
        r#"[{"name":"loop","self":"$0:0"},"$0:0",["$0:1"]]"#,
    ];
    let rows = [
        r#"[["k",{"n":1}]]"#,
        "[1,2,1]",
        "\"done\"",
        r#"{"id":"ab","bound":"$@5"}"#,
        "[\"$0\"]",
    ];
    for _ in 0..3000 {
        let original = rng.pick(&roots).as_bytes();
        let root = mutate(&mut rng, original);
        let mut fields = vec![("0".to_owned(), String::from_utf8_lossy(&root).into_owned())];
        for (i, row) in rows.iter().enumerate() {
            if rng.below(5) > 0 {
                let row = mutate(&mut rng, row.as_bytes());
                fields.push((
                    (i + 1).to_string(),
                    String::from_utf8_lossy(&row).into_owned(),
                ));
            }
        }
        fields.push(("_5_a".into(), "x".into()));
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        decode_everything(&ReplyBody::Form(text_fields(&fields)));
        let len = rng.below(120);
        let random = random_bytes(&mut rng, len);
        decode_everything(&ReplyBody::Text(
            String::from_utf8_lossy(&random).into_owned(),
        ));
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn long_reference_chains_and_cycles_stay_bounded() {
    // Row i is a promise of row i+1, 3000 deep: decoding must not overflow the stack.
    let mut fields = vec![("0".to_owned(), "[\"$@1\"]".to_owned())];
    for i in 1..3000 {
        fields.push((i.to_string(), format!("\"$@{:x}\"", i + 1)));
    }
    fields.push(("3000".into(), "1".into()));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    decode_everything(&ReplyBody::Form(text_fields(&fields)));

    // Row i is the value of row i+1: a chain of placeholders.
    let mut fields = vec![("0".to_owned(), "[\"$1\"]".to_owned())];
    for i in 1..3000 {
        fields.push((i.to_string(), format!("\"${:x}\"", i + 1)));
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert!(reply::decode(&ReplyBody::Form(text_fields(&fields))).is_err());

    // Two rows pointing at each other never reach a value.
    let cycle = text_fields(&[("0", "[\"$1\"]"), ("1", "\"$2\""), ("2", "\"$1\"")]);
    assert!(matches!(
        reply::decode(&ReplyBody::Form(cycle)),
        Err(reply::ReplyError::Circular(_))
    ));

    // JSON nested past serde_json's limit is an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(reply::decode(&ReplyBody::Text(deep.clone())).is_err());
    read_everything(format!("0:{deep}\n").as_bytes());
}

#[test]
fn truncated_multipart_bodies_are_errors() {
    let body = concat!(
        "--B\r\nContent-Disposition: form-data; name=\"1\"\r\n\r\n[[\"k\",1]]\r\n",
        "--B\r\nContent-Disposition: form-data; name=\"2\"; filename=\"blob\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n",
        "--B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[\"$Q1\",\"$B2\"]\r\n--B--\r\n",
    );
    let content_type = "multipart/form-data; boundary=B";
    let whole = reply::decode_http(content_type, body.as_bytes()).unwrap();
    assert_eq!(whole.describe(whole.root)["array"][1]["blob"]["size"], 5);
    let mut rng = Rng(99);
    for cut in 0..body.len() {
        let _ = reply::decode_http(content_type, &body.as_bytes()[..cut]);
    }
    for _ in 0..2000 {
        let _ = reply::decode_http(content_type, &mutate(&mut rng, body.as_bytes()));
    }
}

/// Big inputs take time in proportion to their size: no step looks rows, pushes,
/// chunks or Set items up one by one for each other.
#[test]
fn big_inputs_stay_fast() {
    let started = Instant::now();
    let mut payload = String::new();
    for id in 1..60_000u32 {
        payload.push_str(&format!(
            "{id:x}:[\"$\",\"li\",null,{{\"children\":\"${:x}\",\"x\":\"$@fffff\"}}]\n",
            id + 1
        ));
    }
    let read = read::read(payload.as_bytes());
    let rows = view::explain(&read, |_| None);
    assert_eq!(rows.len(), 59_999);
    assert_eq!(read.dangling().len(), 59_999 + 1);

    let html: String = (0..5_000)
        .map(|i| format!("<script>self.__next_f.push([1,\"{i:x}:null\\n\"])</script>"))
        .collect();
    assert_eq!(inline::extract(&html).unwrap().pushes.len(), 5_000);

    let items: Vec<String> = (0..50_000).map(|i| i.to_string()).collect();
    let set_row = format!("[{},\"$NaN\",\"$NaN\",0,\"$-0\"]", items.join(","));
    let fields = text_fields(&[("0", "[\"$W1\"]"), ("1", &set_row)]);
    let reply = reply::decode(&ReplyBody::Form(fields)).unwrap();
    let flight::value::Node::Set(kept) = reply.node(reply.arguments()[0]) else {
        panic!("not a Set")
    };
    assert_eq!(kept.len(), 50_001, "0 and -0 are one item, NaN and NaN too");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}
