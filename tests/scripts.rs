//! The shell helpers' text rules (`scripts/lib.sh`), run through bash as `scripts/run` runs them:
//! what `scripts/run` prints must be usable as printed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// `input` through `with_share_url ADDR`, as `scripts/run` pipes the demo's output.
fn with_share_url(addr: &str, input: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}/scripts/lib.sh' && with_share_url '{addr}'",
            root.display()
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("bash ends");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("text")
}

#[test]
fn the_demo_share_and_invite_links_are_printed_as_whole_urls() {
    let cases = [
        (
            "Marius's share link (service user of demo-worker-1): /s/abc_DEF-123\n",
            "Marius's share link (service user of demo-worker-1): http://127.0.0.1:9000/s/abc_DEF-123\n",
        ),
        (
            "A pending invite for Nora Lie (a new worker), valid 7 days: /invite/Xy_9-z\n",
            "A pending invite for Nora Lie (a new worker), valid 7 days: http://127.0.0.1:9000/invite/Xy_9-z\n",
        ),
        // Other lines pass as they are.
        (
            "demo-worker-1 / peerline-demo\n",
            "demo-worker-1 / peerline-demo\n",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(with_share_url("127.0.0.1:9000", input), want, "{input}");
    }
}
