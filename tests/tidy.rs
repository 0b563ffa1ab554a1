//! Tidy checks over the whole workspace, in the manner of rust-analyzer's `xtask/src/tidy.rs`:
//! every Rust source file opens with a `//!` paragraph saying what it is for, and no file is
//! called `mod.rs` (a module `foo` lives in `foo.rs` beside `foo/`), and HTML is made only by the
//! markup modules (`html!`), never as text with `format!`/`write!`.

use std::fs;
use std::path::{Path, PathBuf};

const SOURCE_ROOTS: &[&str] = &[
    "src",
    "tests",
    "core/src",
    "core/tests",
    "core/benches",
    "server/src",
    "server/tests",
    "server/benches",
    "server/examples",
    "share/src",
    "share/tests",
    "fuzz/src",
    "fuzz/fuzz_targets",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn workspace_rust_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for source_root in SOURCE_ROOTS {
        rust_files(&root.join(source_root), &mut found);
    }
    assert!(
        found.len() > 3,
        "tidy found too few files to check: {found:?}"
    );
    found
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let undocumented: Vec<_> = workspace_rust_files()
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            let first = text
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("");
            !first.starts_with("//!")
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "these files need a `//!` paragraph saying what they are for: {undocumented:#?}"
    );
}

#[test]
fn no_mod_rs_files() {
    let mod_rs: Vec<_> = workspace_rust_files()
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|name| name == "mod.rs"))
        .collect();
    assert!(
        mod_rs.is_empty(),
        "name a module foo.rs beside foo/, not foo/mod.rs: {mod_rs:#?}"
    );
}

/// Files that still build HTML as text outside the markup modules: the screens not converted to
/// the screen shape yet (ARCHITECTURE.md, "A screen"). The list only shrinks: convert a screen,
/// then delete its line here (the test below fails while a listed file no longer needs it).
const HTML_AS_TEXT_ALLOWED: &[&str] = &[];

/// Where HTML may be made other than by `html!`, or shown: the markup modules of the app and the
/// share page, and the share page's glue (which shows what its renderer made).
fn is_markup_module(path: &str) -> bool {
    path == "src/markup.rs"
        || path.starts_with("src/markup/")
        || path == "share/src/html.rs"
        || path == "share/src/main.rs"
}

/// The string literals of `code` (plain `"…"` ones, escapes kept as written).
fn string_literals(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (index, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(index);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(end) = end else { break };
        found.push(&after[..end]);
        rest = &after[end + 1..];
    }
    found
}

/// Whether `text` looks like HTML: a `<` opening or closing a tag.
fn has_tag(text: &str) -> bool {
    text.char_indices().any(|(index, c)| {
        c == '<'
            && text[index + 1..]
                .chars()
                .next()
                .is_some_and(|next| next.is_ascii_alphabetic() || next == '/' || next == '!')
    })
}

/// The ways a file builds HTML outside `html!`, one line each; code after `#[cfg(test)]` (the
/// tests, which look for HTML) does not count.
fn html_as_text(source: &str) -> Vec<String> {
    // Comment lines blanked (their numbers kept), so a comment may mention what it likes.
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        if line.contains("PreEscaped") || line.contains("inner_html") {
            found.push(format!("{}: {}", number + 1, line.trim()));
        }
    }
    // A `format!`/`write!`/`writeln!` whose arguments hold a tag, up to its closing bracket.
    for mac in ["format!(", "write!(", "writeln!("] {
        let mut offset = 0;
        while let Some(at) = code[offset..].find(mac) {
            let start = offset + at + mac.len();
            let mut depth = 1;
            let mut end = start;
            let mut in_string = false;
            let mut escaped = false;
            for (index, c) in code[start..].char_indices() {
                match c {
                    '\\' if in_string && !escaped => {
                        escaped = true;
                        continue;
                    }
                    '"' if !escaped => in_string = !in_string,
                    '(' if !in_string => depth += 1,
                    ')' if !in_string => depth -= 1,
                    _ => {}
                }
                escaped = false;
                if depth == 0 {
                    end = start + index;
                    break;
                }
            }
            if string_literals(&code[start..end]).into_iter().any(has_tag) {
                let line = code[..start].lines().count();
                found.push(format!("{line}: {mac}…"));
            }
            offset = start;
        }
    }
    found
}

#[test]
fn html_is_made_only_by_the_markup_modules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    let mut needless = Vec::new();
    for path in workspace_rust_files() {
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if !(relative.starts_with("src/") || relative.starts_with("share/src/"))
            || is_markup_module(&relative)
        {
            continue;
        }
        let found = html_as_text(&fs::read_to_string(&path).unwrap_or_default());
        let allowed = HTML_AS_TEXT_ALLOWED.contains(&relative.as_str());
        if !found.is_empty() && !allowed {
            offenders.push(format!("{relative}:\n  {}", found.join("\n  ")));
        }
        if found.is_empty() && allowed {
            needless.push(relative);
        }
    }
    assert!(
        offenders.is_empty(),
        "HTML built as text outside markup (write it with html!, see ARCHITECTURE.md, A screen):\n{}",
        offenders.join("\n")
    );
    assert!(
        needless.is_empty(),
        "converted: delete these from HTML_AS_TEXT_ALLOWED in tests/tidy.rs: {needless:?}"
    );
}

#[test]
fn the_html_check_finds_what_it_should() {
    let cases = [
        ("let a = format!(\"<h1>{}</h1>\", name);", true),
        ("let _ = write!(html, \"<li>{x}</li>\");", true),
        (
            "let _ = write!(\n    html,\n    \"{}<span>\",\n    a\n);",
            true,
        ),
        ("let a = format!(\"{a} < {b}\");", false),
        ("let a = format!(\"{}\", f(\"x\"));", false),
        ("let a = maud::PreEscaped(text);", true),
        ("view! { <div inner_html=html></div> }", true),
        ("// format!(\"<p>\") in a comment", false),
        (
            "fn f() {}\n#[cfg(test)]\nmod tests { fn t() { format!(\"<p>\"); } }",
            false,
        ),
    ];
    for (source, found) in cases {
        assert_eq!(!html_as_text(source).is_empty(), found, "{source}");
    }
}
